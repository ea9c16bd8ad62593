import { copyText, detachString, detachStrings } from "../../load/detach.js";
import { type LineColumn, locateAllIn } from "../../load/yaml.js";
import type { AddressFact, SourceLocation } from "../../model/facts.js";
import type { ValuePool } from "../../value-pool.js";
import { type OsloFileFacts, type ServiceIndex, type Unrecognized, workloadKeyOf } from "../artifact-facts.js";
import { matchService, readCommandName } from "../match-service.js";
import { looksLikeOsloConfig, readOsloFacts } from "../oslo/extract-oslo-facts.js";
import { parseOsloIni } from "../oslo/parse-oslo-ini.js";
import { recognizeOsloConfig } from "../oslo/recognize-oslo-config.js";
import { holdPlacesPacked, packPlaces, placeOf } from "../packed-places.js";
import { isObject, readPath } from "../read-path.js";
import type { K8sWorkload } from "./extract-k8s-facts.js";
import { type KustomizePatches, NO_PATCHES } from "./kustomize-patches.js";
import { NearestCopies } from "./nearest-copies.js";
import { byNamespace, type ManifestObject, objectIdentity, readName, readNamespace } from "./read-workload.js";

/** One data key of a ConfigMap or Secret that holds an oslo.config file. */
interface EmbeddedConfig {
  key: string;
  text: string;
  field: "data" | "stringData";
  /** False for base64 Secret data, whose lines have no place in the manifest. */
  lined: boolean;
}

/**
 * A held config: where its key and its value are in the manifest, as numbers of its own (a run
 * holds every config until each file is read, and a place as an object of its own took more than the
 * three numbers).
 */
interface HeldConfig extends EmbeddedConfig {
  keyLine: number;
  keyColumn: number;
  valueLine: number;
}

/**
 * A ConfigMap or Secret that holds oslo.config files, cut to what `readConfigMaps` reads of it once
 * every file of the run is read: its names, its configs and kolla commands, and where its kind and
 * each config sit. Nothing of it holds its file's text, nor its document.
 */
export interface ConfigObject {
  kind: "ConfigMap" | "Secret";
  file: string;
  name: string;
  namespace: string;
  /** What names it in a cluster (`objectIdentity`); undefined when it names none. */
  identity: string | undefined;
  /** The line of its kind. */
  kindLine: number;
  configs: HeldConfig[];
  commands: ReadonlyMap<string, string>;
}

/**
 * The part of a ConfigMap or Secret that `readConfigMaps` reads, taken as soon as its file is read;
 * undefined for one that holds no oslo.config file, which no workload's facts then depend on. With
 * `texts`, a config's text equal to one taken before is that one: an estate that installs a chart in
 * many namespaces or regions repeats most of its configs word for word.
 */
export function holdConfigObject(object: ManifestObject, texts?: Map<string, string>): ConfigObject | undefined {
  const kind = object.value.kind;
  if (kind !== "ConfigMap" && kind !== "Secret") return undefined;
  const configs = readEmbeddedConfigs(object.value, kind);
  if (configs.length === 0) return undefined;
  const named = readKollaCommands(object.value);
  const commands =
    named.size === 0 ? NO_COMMANDS : new Map([...named].map(([key, command]) => [detachString(key), detachString(command)] as const));
  // Located now, from one scan of its document: its kind, and each config's key and value. A config's
  // facts cite these places, and holding the document to the end of the run would hold every ConfigMap's text.
  const wanted = [
    { path: [...object.path, "kind"], key: false },
    ...configs.flatMap(({ field, key }) => {
      const path = [...object.path, field, key];
      return [
        { path, key: true },
        { path, key: false },
      ];
    }),
  ];
  const places = locateAllIn(
    object.source,
    wanted.map((w) => w.path),
    { preferKey: wanted.map((w) => w.key) },
  );
  return {
    kind,
    file: object.file,
    name: detachString(readName(object.value)),
    namespace: detachString(readNamespace(object.value)),
    identity: detachStrings(objectIdentity(object.value)),
    kindLine: (places[0] as LineColumn).line,
    // Each field named rather than spread from the config: past a few ConfigMaps, V8 gave each object
    // spread at one place a hidden class of its own, and a run holds every config to the end of reading.
    configs: configs.map((config, i) => {
      const keyAt = places[2 * i + 1] as LineColumn;
      return {
        key: detachString(config.key),
        text: heldText(config.text, texts),
        field: config.field,
        lined: config.lined,
        keyLine: keyAt.line,
        keyColumn: keyAt.column,
        valueLine: (places[2 * i + 2] as LineColumn).line,
      };
    }),
    commands,
  };
}

/** The oslo facts that list servers. */
const SERVER_LISTS = ["transportHosts", "databaseHosts", "memcacheServers"] as const;

/** The commands of a ConfigMap that names none: one map, never written to, for all of them. */
const NO_COMMANDS: ReadonlyMap<string, string> = new Map();

/** A copy of `text` that holds nothing of its file's text: the one in `texts` when it holds an equal text. */
function heldText(text: string, texts: Map<string, string> | undefined): string {
  const known = texts?.get(text);
  if (known !== undefined) return known;
  const copy = copyText(text);
  texts?.set(copy, copy);
  return copy;
}

/**
 * Reads oslo.config files held in ConfigMap and Secret data keys (as kolla-kubernetes and many
 * charts ship them) with locations inside the manifest. A config belongs to the workloads that mount
 * its ConfigMap when the run shows one; else to the process kolla's `config.json` in the same
 * ConfigMap names; else to the services its content names, narrowed to those with workloads in
 * the namespace.
 *
 * When the run holds several copies of one ConfigMap or Secret (its kind, namespace and name), each
 * workload takes the copies nearest its file (`NearestCopies`), and a copy no workload takes is
 * listed as unrecognized. A ConfigMap of a file a Kustomization patches with is a patch of the one
 * it names, not a copy, and goes only to workloads its Kustomization's build reaches (`KustomizePatches`).
 */
export function readConfigMaps(
  objects: readonly ConfigObject[],
  workloads: readonly K8sWorkload[],
  index: ServiceIndex,
  patches: KustomizePatches = NO_PATCHES,
  pool?: ValuePool,
): { configs: OsloFileFacts[]; unrecognized: Unrecognized[]; filesRead: Set<string> } {
  const configs: OsloFileFacts[] = [];
  const unrecognized: Unrecognized[] = [];
  // Each list of servers once: the configs of a chart name the same ones in every region or namespace.
  const serverLists = new Map<string, AddressFact[]>();
  const heldServers = (servers: AddressFact[]): AddressFact[] => {
    // JSON, not the hosts joined: a host read from a file may hold any separator.
    const key = JSON.stringify(servers);
    const known = serverLists.get(key);
    if (known !== undefined) return known;
    serverLists.set(key, servers);
    return servers;
  };
  const filesRead = new Set<string>();
  // Workloads by the ConfigMaps and Secrets they mount, in their order: scanning every workload for
  // each ConfigMap is quadratic in the size of the run.
  const bySource = new Map<string, K8sWorkload[]>();
  for (const workload of workloads) {
    for (const source of new Set(workload.configSources)) {
      const list = bySource.get(source);
      if (list) list.push(workload);
      else bySource.set(source, [workload]);
    }
  }
  // ConfigMaps of one name in every namespace make a list per name quadratic as well: each list is looked up by namespace.
  const sourceInNamespace = new Map<string, (namespace: string) => readonly K8sWorkload[]>();
  const mountingIn = (source: string, namespace: string): readonly K8sWorkload[] => {
    let find = sourceInNamespace.get(source);
    if (!find) {
      find = byNamespace(bySource.get(source) ?? [], (w) => w.namespace);
      sourceInNamespace.set(source, find);
    }
    return find(namespace);
  };
  // The services with workloads that may sit in each namespace, found once per namespace asked for.
  const workloadsIn = byNamespace(workloads, (w) => w.namespace);
  const services = new Map<string, Set<string>>();
  const servicesIn = (namespace: string): Set<string> => {
    let found = services.get(namespace);
    if (!found) {
      found = new Set(workloadsIn(namespace).map((w) => w.service));
      services.set(namespace, found);
    }
    return found;
  };
  const copies = new NearestCopies(
    objects,
    (o) => (patches.has(o.file) ? undefined : o.identity),
    (o) => o.file,
  );
  const claims = copies.hasCopies ? claimCopies(objects, workloads, copies) : new Map<number, K8sWorkload[]>();
  for (const [position, object] of objects.entries()) {
    const { kind, name, namespace, commands, configs: embedded } = object;
    filesRead.add(object.file);
    // A patch goes only to the workloads its Kustomization builds; any other object, to every workload it may.
    const patch = patches.has(object.file);
    const reached = <T extends K8sWorkload>(list: readonly T[]) =>
      patch ? list.filter((w) => patches.reaches(object.file, workloadFile(w))) : list;
    const anyCopy = reached(mountingIn(`${kind}/${name}`, namespace));
    const copied = copies.copiedIdentity(position) !== undefined;
    const mounting = copied ? (claims.get(position) ?? []) : anyCopy;
    const fartherCopy = (whose: string, entry = `${kind}/${name}`) =>
      unrecognized.push({
        file: object.file,
        line: object.kindLine,
        kind: "oslo-config",
        name: entry,
        reason: `another copy of ${kind} ${namespace === "" ? "" : `${namespace}/`}${name} sits nearer every workload ${whose}`,
      });
    if (copied && mounting.length === 0 && anyCopy.length > 0) {
      fartherCopy("that mounts it");
      continue;
    }
    const longRunning = mounting.filter((w) => !w.isJob);
    const mountedBy = unique((longRunning.length > 0 ? longRunning : mounting).map((w) => w.service));
    for (const config of embedded) {
      const label = `${kind}/${name}/${config.key}`;
      const { keyAt, lineOf } = configPlaces(object, config);
      const document = parseOsloIni(config.text, label).document;
      let services = mountedBy;
      if (services.length === 0) {
        const command = commands.get(config.key);
        const byCommand = command ? matchService([readCommandName(command)], index) : undefined;
        if (byCommand) services = [byCommand.service];
      }
      if (services.length === 0) {
        const recognized = recognizeOsloConfig(document, config.key, index);
        if (!("via" in recognized)) {
          unrecognized.push({ file: object.file, line: keyAt.line, kind: "oslo-config", name: label, reason: recognized.reason });
          continue;
        }
        const inNamespace = servicesIn(namespace);
        const narrowed = recognized.services.filter((s) => inNamespace.has(s));
        services = narrowed.length > 0 ? narrowed : recognized.services;
      }
      let tied = longRunning.length > 0 ? longRunning : mounting;
      if (mounting.length === 0) {
        // Mounted by none, a config goes to its services' workloads in its namespace, those it is nearest to of its copies.
        const ofServices = workloadsIn(namespace).filter((w) => services.includes(w.service));
        const candidates = reached(ofServices);
        tied = candidates.filter((w) => copies.isNearest(position, workloadFile(w)));
        if (tied.length === 0 && candidates.length > 0) {
          fartherCopy("of the services it configures", label);
          continue;
        }
        if (candidates.length === 0 && ofServices.length > 0) {
          unrecognized.push({
            file: object.file,
            line: keyAt.line,
            kind: "oslo-config",
            name: label,
            reason: "a patch of Kustomizations that build none of the workloads of the services it configures",
          });
          continue;
        }
      }
      // Its name one flat string: a run holds every config's to its assessment, in the workloads' oslo facts.
      const fileName = detachString(`${object.file}#${label}`);
      const { oslo, locations } = readOsloFacts(document, object.file, { name: fileName, line: lineOf });
      locations.oslo = keyAt;
      // The servers a config names are mostly those its copies in other regions or namespaces name too.
      for (const list of SERVER_LISTS) {
        const servers = oslo[list];
        if (servers) oslo[list] = heldServers(servers);
      }
      const mounts = tied.map(workloadKeyOf);
      // Written out in full, each kind one shape (see `collectWorkloadArtifacts`), its places held packed when a pool is given.
      const read = mounts.length > 0 ? { services, oslo, namespace, mountedBy: mounts } : { services, oslo, namespace };
      configs.push(pool ? holdPlacesPacked(read, packPlaces(locations, pool)) : { ...read, locations });
    }
  }
  return { configs, unrecognized, filesRead };
}

/**
 * The workloads that take each ConfigMap or Secret of which the run holds several copies: each
 * workload, in run order, takes the copies nearest its file of every one it mounts in its namespace
 * or of one that names no namespace.
 */
function claimCopies(
  objects: readonly ConfigObject[],
  workloads: readonly K8sWorkload[],
  copies: NearestCopies<ConfigObject>,
): Map<number, K8sWorkload[]> {
  // Each copied identity by what a workload mounts (`ConfigMap/name`), then by its namespace.
  const copied = new Map<string, Map<string, string>>();
  for (const [position, object] of objects.entries()) {
    const identity = copies.copiedIdentity(position);
    // A lone object or a patch of the same name claims nothing, and does not hide the copies.
    if (identity === undefined) continue;
    const source = `${object.kind}/${object.name}`;
    const byNamespace = copied.get(source) ?? new Map<string, string>();
    byNamespace.set(object.namespace, identity);
    copied.set(source, byNamespace);
  }
  const claims = new Map<number, K8sWorkload[]>();
  for (const workload of workloads) {
    const file = workloadFile(workload);
    for (const source of new Set(workload.configSources)) {
      const byNamespace = copied.get(source);
      if (!byNamespace) continue;
      const identities = workload.namespace === "" ? [...byNamespace.values()] : [byNamespace.get(workload.namespace), byNamespace.get("")];
      for (const identity of identities) {
        if (identity === undefined) continue;
        for (const position of copies.nearestTo(identity, file)) {
          const list = claims.get(position);
          if (list) list.push(workload);
          else claims.set(position, [workload]);
        }
      }
    }
  }
  return claims;
}

/** The file that holds a workload's object. */
function workloadFile(workload: K8sWorkload): string {
  return placeOf(workload, "deployment.kind")?.file ?? "";
}

/** Where a config held in a data key sits: its key, and the manifest line of each line of the config. */
function configPlaces(object: ConfigObject, config: HeldConfig): { keyAt: SourceLocation; lineOf: (line: number) => number } {
  const { keyLine, keyColumn, valueLine } = config;
  // A block scalar's content starts on the line after its key; other scalars keep every fact on one line.
  const blockLines = config.lined && valueLine > keyLine;
  return {
    keyAt: { file: object.file, line: keyLine, column: keyColumn },
    lineOf: (line) => (blockLines ? valueLine + line - 1 : valueLine),
  };
}

function readEmbeddedConfigs(value: Record<string, unknown>, kind: "ConfigMap" | "Secret"): EmbeddedConfig[] {
  const found: EmbeddedConfig[] = [];
  for (const field of ["data", "stringData"] as const) {
    if (kind === "ConfigMap" && field === "stringData") continue;
    const data = value[field];
    if (!isObject(data)) continue;
    for (const [key, raw] of Object.entries(data)) {
      if (typeof raw !== "string") continue;
      const base64 = kind === "Secret" && field === "data";
      const text = base64 ? decodeBase64(raw) : raw;
      if (text !== undefined && looksLikeOsloConfig(text)) found.push({ key, text, field, lined: !base64 });
    }
  }
  return found;
}

function decodeBase64(raw: string): string | undefined {
  const compact = raw.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  const text = Buffer.from(compact, "base64").toString("utf8");
  return text.includes("\uFFFD") ? undefined : text;
}

/**
 * kolla's `config.json` names the command a container runs and the config files it copies in
 * (`config_files[].source`); a data key with the same base name is that command's config
 * (https://docs.openstack.org/kolla/latest/admin/kolla_api.html).
 */
function readKollaCommands(value: Record<string, unknown>): Map<string, string> {
  const commands = new Map<string, string>();
  const raw = readPath(value, ["data", "config.json"]);
  if (typeof raw !== "string") return commands;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return commands;
  }
  const command = readPath(parsed, ["command"]);
  const files = readPath(parsed, ["config_files"]);
  if (typeof command !== "string" || !Array.isArray(files)) return commands;
  for (const file of files) {
    const source = readPath(file, ["source"]);
    if (typeof source === "string") commands.set(source.split("/").at(-1) ?? source, command);
  }
  return commands;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
