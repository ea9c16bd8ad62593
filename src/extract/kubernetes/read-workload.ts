import { appendAll } from "../../append-all.js";
import { type DocumentSource, isDeferredLocation } from "../../load/yaml.js";
import type { DeploymentFacts, SourceLocation } from "../../model/facts.js";
import type { ValuePool } from "../../value-pool.js";
import { type PackedPlaces, packPlaces, unpackPlaces } from "../packed-places.js";
import { isObject, type Obj, readPath } from "../read-path.js";
import { type KustomizePatches, NO_PATCHES } from "./kustomize-patches.js";
import { selectsLabels } from "./label-selector.js";
import { NearestCopies } from "./nearest-copies.js";

/** A path of keys and indexes inside a YAML document. */
export type Path = (string | number)[];

/** One Kubernetes object of the run, with the file and document it sits in and its path there. */
export interface ManifestObject {
  value: Obj;
  file: string;
  /** Its document, for finding where a path of it is written. */
  source: DocumentSource;
  path: Path;
}

/** The objects of the whole run that a workload's facts depend on, whatever file holds them. */
export interface RunObjects {
  /** The PodDisruptionBudgets that may sit in a namespace with a workload of `file`, in run order. */
  pdbs: (namespace: string, file: string) => readonly ManifestObject[];
  /** The Services that may sit in a namespace with a workload of `file`, in run order. */
  services: (namespace: string, file: string) => readonly ManifestObject[];
}

/**
 * The objects that may share each namespace asked for with a workload of a file (those in it, and
 * those that name none), in run order: looked up by namespace, so a run's workloads do not each scan
 * every object of the run. Of several copies of one object (its kind, namespace and name), only
 * those nearest the workload's file are given (`NearestCopies`); an object of a file a Kustomization
 * patches with is a patch, not a copy, and is given wherever its Kustomization's build reaches
 * (`KustomizePatches`).
 */
export function groupByNamespace(
  objects: readonly ManifestObject[],
  patches: KustomizePatches = NO_PATCHES,
): (namespace: string, file: string) => readonly ManifestObject[] {
  const inNamespace = byNamespace(objects, (object) => readNamespace(object.value));
  const copies = new Map<string, NearestCopies<ManifestObject>>();
  const scoped = patches.scoped;
  return (namespace, file) => {
    let near = copies.get(namespace);
    if (!near) {
      near = new NearestCopies(
        inNamespace(namespace),
        (object) => (patches.has(object.file) ? undefined : objectIdentity(object.value)),
        (object) => object.file,
      );
      copies.set(namespace, near);
    }
    const list = near.nearest(file);
    // Only a patch can miss a workload: the other objects are not asked about.
    const missed = (object: ManifestObject) => patches.has(object.file) && !patches.reaches(object.file, file);
    return scoped && list.some(missed) ? list.filter((object) => !missed(object)) : list;
  };
}

/** What names one object in a cluster: its kind, namespace and name; undefined for an object that names none. */
export function objectIdentity(value: Obj): string | undefined {
  const name = readPath(value, ["metadata", "name"]);
  return typeof name === "string" ? `${String(value.kind)}\u0000${readNamespace(value)}\u0000${name}` : undefined;
}

/**
 * The items that may sit in each namespace asked for, in their order: those in it and those that
 * name none (applied to whichever namespace it is); every item for a namespace of "".
 */
export function byNamespace<T>(items: readonly T[], namespaceOf: (item: T) => string): (namespace: string) => readonly T[] {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const namespace = namespaceOf(item);
    const group = groups.get(namespace);
    if (group) group.push(index);
    else groups.set(namespace, [index]);
  });
  const found = new Map<string, T[]>();
  return (namespace) => {
    let list = found.get(namespace);
    if (!list) {
      const indexes = namespace === "" ? items.map((_, i) => i) : [...(groups.get(namespace) ?? []), ...(groups.get("") ?? [])];
      list = indexes.sort((a, b) => a - b).map((i) => items[i] as T);
      found.set(namespace, list);
    }
    return list;
  };
}

/** What one workload object says, before it is mapped to a service. */
export interface WorkloadRead {
  deployment: DeploymentFacts;
  locations: Record<string, SourceLocation>;
  /** `ConfigMap/<name>` and `Secret/<name>` keys of the volumes it mounts, for tying configs to it. */
  configSources: readonly string[];
}

/** Where a workload reads from: the object, the path of its pod spec, its pod template's labels and namespace. */
export interface WorkloadShape {
  object: ManifestObject;
  kind: string;
  podPath: Path;
  podSpec: Obj;
  podLabels: Record<string, string>;
  namespace: string;
  partial: boolean;
}

/** Topology keys that put pods on different hosts or zones. */
const HOST_OR_ZONE = new Set(["kubernetes.io/hostname", "topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"]);

const DEFAULT_K8S_GRACE_SECONDS = 30;

/** The key of a deployment fact among a workload's locations (`deployment.replicas`), made once per fact. */
function locationKey(fact: string): string {
  let key = locationKeys.get(fact);
  if (key === undefined) {
    key = `deployment.${fact}`;
    locationKeys.set(fact, key);
  }
  return key;
}

const locationKeys = new Map<string, string>();

/** Facts found so far, where each sits, and which ones the object states rather than defaults. */
export class FactRecorder {
  facts: Record<string, unknown> = {};
  private places: Record<string, SourceLocation> = {};
  /** The places while they are packed (`compact`), until they are next read. */
  private packed: PackedPlaces | undefined;
  /**
   * The facts the object states, each once or more: a list, as a set's table is twice its size, and a
   * workload's recorder waits for every file to be read. Read once, by `keepStated`, for partial objects.
   */
  private stated: readonly string[] = [];

  constructor(
    private readonly object: ManifestObject,
    private readonly where: (object: ManifestObject, path: Path) => SourceLocation,
  ) {}

  /** Where each fact sits, by its key (`deployment.replicas`). */
  get locations(): Record<string, SourceLocation> {
    if (this.packed) {
      this.places = unpackPlaces(this.packed);
      this.packed = undefined;
    }
    return this.places;
  }

  /** Sets a fact the object states at `path`. */
  state(fact: string, value: unknown, path: Path, from: ManifestObject = this.object): void {
    this.writable[fact] = value;
    this.addStated(fact);
    this.locations[locationKey(fact)] = this.where(from, path);
  }

  /** Sets a fact the object leaves to a default (or that holds because a field is absent); `path` is where the field would be. */
  assume(fact: string, value: unknown, path: Path): void {
    if (this.facts[fact] !== undefined) return;
    this.writable[fact] = value;
    this.locations[locationKey(fact)] ??= this.where(this.object, path);
  }

  /** Where a path of the object sits. */
  locate(path: Path): SourceLocation {
    return this.where(this.object, path);
  }

  /** Replaces a fact's value, keeping where it was found. */
  set(fact: string, value: unknown): void {
    this.writable[fact] = value;
  }

  /** Sets a fact stated at the same place as another fact. */
  stateLike(fact: string, value: unknown, like: string): void {
    this.writable[fact] = value;
    this.addStated(fact);
    const location = this.locations[locationKey(like)];
    if (location) this.locations[locationKey(fact)] = location;
  }

  /**
   * Copies the facts and their locations into records of fixed shape. V8 keeps an object given more
   * than a dozen properties by computed name as a hash table, several times the size: a workload's
   * records wait from its own file to the end of reading every file, and a run may hold many. Given
   * a pool, the facts and the list of those stated are held in it: equal ones of many workloads are
   * then one, until the last pass changes a workload's (it changes a copy of its own). The places
   * are packed (`packPlaces`) until they are next read: the recorder is compacted once its own
   * object's places are located.
   */
  compact(pool?: ValuePool): void {
    if (!pool) {
      this.facts = { ...this.facts };
      this.places = { ...this.locations };
      return;
    }
    this.facts = pool.intern({ ...this.facts });
    this.stated = pool.intern([...this.stated]);
    this.packed = packPlaces(this.locations, pool);
    this.places = NO_PLACES;
  }

  /** The facts, to be changed: a copy of their own while they are held in a pool (frozen). */
  private get writable(): Record<string, unknown> {
    if (Object.isFrozen(this.facts)) this.facts = { ...this.facts };
    return this.facts;
  }

  private addStated(fact: string): void {
    if (Object.isFrozen(this.stated)) this.stated = [...this.stated];
    (this.stated as string[]).push(fact);
  }

  /** Drops every fact the object does not state, for partial objects. */
  keepStated(): void {
    const stated = new Set(this.stated);
    for (const fact of Object.keys(this.facts)) {
      if (stated.has(fact)) continue;
      delete this.writable[fact];
      delete this.locations[locationKey(fact)];
    }
  }
}

/** What a recorder's places stand as while they are packed: never written, as reading them unpacks them first. */
const NO_PLACES: Record<string, SourceLocation> = Object.freeze({});

/**
 * Lets the places of a record that are the same (file, line and column) be one object. A workload's
 * facts cite about twenty places under nearly forty keys, each found for its own fact, and its
 * record is kept from its file's reading to the end of the run. A place found only when it is read
 * (`isDeferredLocation`) is left as it is. Findings list the places they cite by value, so sharing
 * changes none.
 */
export function sharePlaces(record: Record<string, SourceLocation>): void {
  const byPosition = new Map<number, SourceLocation>();
  for (const key of Object.keys(record)) {
    const place = record[key] as SourceLocation;
    if (isDeferredLocation(place)) continue;
    const position = place.line * LINE_STRIDE + place.column;
    const first = byPosition.get(position);
    if (first === undefined) byPosition.set(position, place);
    else if (first !== place && first.file === place.file && first.line === place.line && first.column === place.column)
      record[key] = first;
  }
}

/** Spaces lines apart in `sharePlaces`' keys; a column past it only makes two places miss each other. */
const LINE_STRIDE = 2 ** 21;

/** A workload whose own object has been read, waiting for the objects around it. */
export interface WorkloadBegun {
  recorder: FactRecorder;
  configSources: readonly string[];
}

/**
 * A workload is read in three passes: its containers; its volumes, host namespaces and pinning; and
 * the objects around it (PodDisruptionBudgets, Services, affinity and spread). In a partial object
 * only what it states is kept. This runs the first two, which read the pod spec in full, as soon as
 * the workload's file is read; `finishWorkload` runs the last once every file is. Of the object
 * itself, every pass reads only what `slimWorkload` keeps.
 */
export function beginWorkload(shape: WorkloadShape, where: (object: ManifestObject, path: Path) => SourceLocation): WorkloadBegun {
  const recorder = new FactRecorder(shape.object, where);
  readContainers(shape, recorder);
  const configSources = readVolumesAndPinning(shape, recorder);
  return { recorder, configSources };
}

/**
 * The places in a workload's own object that `finishWorkload` may cite, so they can be located
 * together with those `beginWorkload` cites: its kind and name, and where its service name,
 * update strategy, anti-affinity and spread constraints are or would be.
 */
export function surroundingPaths(podPath: Path): Path[] {
  const paths: Path[] = [["kind"], ["metadata", "name"], ["spec"], ["spec", "serviceName"], podPath];
  for (const key of ["strategy", "updateStrategy"]) paths.push(["spec", key, "type"], ["spec", key, "rollingUpdate", "maxUnavailable"]);
  paths.push([...podPath, "affinity", "podAntiAffinity"], [...podPath, "topologySpreadConstraints"]);
  return paths;
}

/** The fields of a workload's `spec` that its passes read, beside its pod spec. */
const READ_SPEC_FIELDS = ["replicas", "serviceName", "strategy", "updateStrategy"];

/** The fields of a workload's `metadata` that its passes read: labels, annotations and the rest are read before. */
const READ_METADATA_FIELDS = ["name", "namespace"];

/**
 * A workload object cut to what the passes read of it beside its pod spec (`kind`, its name and
 * namespace and a few `spec` fields), in the same file, document and place: read with the pod spec
 * from the whole object, it gives the same facts and locations, and the rest of the parsed object can go.
 */
export function slimWorkload(object: ManifestObject): ManifestObject {
  const { kind, metadata, spec } = object.value;
  const value: Obj = { kind, metadata: isObject(metadata) ? pick(metadata, READ_METADATA_FIELDS) : metadata };
  if (spec !== undefined) value.spec = isObject(spec) ? pick(spec, READ_SPEC_FIELDS) : spec;
  return { ...object, value };
}

/**
 * A pod spec cut to what the last pass reads of it, once `beginWorkload` has read the rest: its
 * topology spread constraints, and of its affinity the pod anti-affinity alone (the node affinity
 * that charts set beside it is read by then).
 */
export function surroundingPodSpec(podSpec: Obj): Obj {
  const kept = pick(podSpec, ["topologySpreadConstraints"]);
  const { affinity } = podSpec;
  if (isObject(affinity) && Object.hasOwn(affinity, "podAntiAffinity")) kept.affinity = { podAntiAffinity: affinity.podAntiAffinity };
  return kept;
}

function pick(object: Obj, keys: readonly string[]): Obj {
  const out: Obj = {};
  for (const key of keys) if (Object.hasOwn(object, key)) out[key] = object[key];
  return out;
}

/** The last pass: the objects around the workload, then what a partial object keeps. */
export function finishWorkload(shape: WorkloadShape, run: RunObjects, { recorder, configSources }: WorkloadBegun): WorkloadRead {
  readSurroundings(shape, run, recorder);
  if (shape.partial) recorder.keepStated();
  const kind = shape.kind === "DeploymentConfig" ? "Deployment" : shape.kind;
  const facts = recorder.facts;
  const placement =
    kind === "DaemonSet" || (facts.hostNetwork === true && facts.nodePinned === true)
      ? "k8s-pinned"
      : kind === "StatefulSet"
        ? "k8s-statefulset"
        : "k8s-scheduled";
  const locations = recorder.locations;
  const kindAt = recorder.locate(["kind"]);
  locations.deployment = kindAt;
  locations["deployment.kind"] = kindAt;
  locations["deployment.placement"] = kindAt;
  locations["deployment.name"] = recorder.locate(["metadata", "name"]);
  const deployment = {
    source: "kubernetes",
    kind,
    name: readName(shape.object.value),
    placement,
    ...(shape.partial ? { partial: true } : {}),
    ...facts,
  } as DeploymentFacts;
  // Copied into a record of fixed shape (see `FactRecorder.compact`): the places read since were added by computed name.
  sharePlaces(locations);
  return { deployment, locations: { ...locations }, configSources };
}

function readContainers(shape: WorkloadShape, r: FactRecorder): void {
  const { podSpec, podPath } = shape;
  const containers = arrayOf(podSpec.containers).filter(isObject);
  const lists: [string, Obj[]][] = [
    ["containers", containers],
    ["initContainers", arrayOf(podSpec.initContainers).filter(isObject)],
  ];
  const capabilities = new Set<string>();
  const hostPorts = new Set<number>();
  const images: string[] = [];
  let privileged = false;
  for (const [listName, list] of lists) {
    for (const [i, container] of list.entries()) {
      const base = [...podPath, listName, i];
      const security = isObject(container.securityContext) ? container.securityContext : {};
      if (security.privileged !== undefined && !privileged) {
        privileged = security.privileged === true;
        r.state("privileged", privileged, [...base, "securityContext", "privileged"]);
      }
      const added = readPath(security, ["capabilities", "add"]);
      for (const capability of arrayOf(added)) {
        if (typeof capability !== "string") continue;
        if (capabilities.size === 0) r.state("capabilities", [], [...base, "securityContext", "capabilities", "add"]);
        capabilities.add(capability.toUpperCase().replace(/^CAP_/, ""));
      }
      for (const [p, port] of arrayOf(container.ports).entries()) {
        if (!isObject(port) || typeof port.hostPort !== "number") continue;
        if (hostPorts.size === 0) r.state("hostPorts", [], [...base, "ports", p, "hostPort"]);
        hostPorts.add(port.hostPort);
      }
      if (typeof container.image === "string") {
        if (images.length === 0) r.state("images", [], [...base, "image"]);
        images.push(container.image);
      }
    }
  }
  r.assume("privileged", false, podPath);
  r.assume("capabilities", [], podPath);
  r.assume("hostPorts", [], podPath);
  r.assume("images", [], podPath);
  r.set("capabilities", [...capabilities].sort());
  r.set(
    "hostPorts",
    [...hostPorts].sort((a, b) => a - b),
  );
  r.set("images", images);
  const unpinned = images.filter((image) => !image.includes("{{") && !isPinnedImage(image));
  if (images.length > 0) r.stateLike("unpinnedImages", unpinned, "images");
  if (images[0] !== undefined) r.stateLike("image", images[0], "images");
  readProbes(containers, podPath, r);
  readRuntimeOptions(containers, podPath, r);
}

function readProbes(containers: readonly Obj[], podPath: Path, r: FactRecorder): void {
  for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"] as const) {
    const i = containers.findIndex((c) => c[probe] !== undefined);
    if (i >= 0) r.state(probe, true, [...podPath, "containers", i, probe]);
    else r.assume(probe, false, podPath);
  }
  r.assume("healthcheck", r.facts.readinessProbe === true || r.facts.livenessProbe === true || r.facts.startupProbe === true, podPath);
  if (r.facts.readinessProbe === true || r.facts.livenessProbe === true || r.facts.startupProbe === true)
    r.state("healthcheck", true, [...podPath, "containers"]);
  const same = containers.findIndex((c) => c.livenessProbe !== undefined && sameJson(c.livenessProbe, c.readinessProbe));
  const both = containers.findIndex((c) => c.livenessProbe !== undefined && c.readinessProbe !== undefined);
  if (same >= 0) r.state("livenessSameAsReadiness", true, [...podPath, "containers", same, "livenessProbe"]);
  else if (both >= 0) r.state("livenessSameAsReadiness", false, [...podPath, "containers", both, "livenessProbe"]);
  const guarded = containers.findIndex((c) => isObject(c.startupProbe) || isObject(c.livenessProbe));
  if (guarded >= 0) {
    const container = containers[guarded] as Obj;
    const key = isObject(container.startupProbe) ? "startupProbe" : "livenessProbe";
    const guard = container[key] as Obj;
    // Kubernetes defaults: initialDelaySeconds 0, periodSeconds 10, failureThreshold 3.
    const budget = numberOr(guard.initialDelaySeconds, 0) + numberOr(guard.periodSeconds, 10) * numberOr(guard.failureThreshold, 3);
    r.state("startupBudgetSeconds", budget, [...podPath, "containers", guarded, key]);
  }
}

function readRuntimeOptions(containers: readonly Obj[], podPath: Path, r: FactRecorder): void {
  const preStop = containers.findIndex((c) => isObject(c.lifecycle) && c.lifecycle.preStop !== undefined);
  if (preStop >= 0) r.state("preStop", true, [...podPath, "containers", preStop, "lifecycle", "preStop"]);
  else r.assume("preStop", false, podPath);
  const env = containers.findIndex((c) => (Array.isArray(c.env) && c.env.length > 0) || Array.isArray(c.envFrom));
  if (env >= 0) {
    const container = containers[env] as Obj;
    r.state("envConfig", true, [...podPath, "containers", env, Array.isArray(container.env) ? "env" : "envFrom"]);
  } else r.assume("envConfig", false, podPath);
  const readOnly = containers.map((c) => readPath(c, ["securityContext", "readOnlyRootFilesystem"]));
  const stated = readOnly.findIndex((v) => v !== undefined);
  const allReadOnly = containers.length > 0 && readOnly.every((v) => v === true);
  if (stated >= 0)
    r.state("readOnlyRootFilesystem", allReadOnly, [...podPath, "containers", stated, "securityContext", "readOnlyRootFilesystem"]);
  else r.assume("readOnlyRootFilesystem", false, podPath);
}

function readVolumesAndPinning(shape: WorkloadShape, r: FactRecorder): string[] {
  const { podSpec, podPath, object } = shape;
  for (const key of ["hostNetwork", "hostPID", "hostIPC"] as const) {
    if (podSpec[key] !== undefined) r.state(key, podSpec[key] === true, [...podPath, key]);
    else r.assume(key, false, podPath);
  }
  const hostPaths: string[] = [];
  const configSources: string[] = [];
  for (const [i, volume] of arrayOf(podSpec.volumes).entries()) {
    if (!isObject(volume)) continue;
    const hostPath = readPath(volume, ["hostPath", "path"]);
    if (typeof hostPath === "string") {
      if (hostPaths.length === 0) r.state("hostPaths", hostPaths, [...podPath, "volumes", i, "hostPath"]);
      hostPaths.push(hostPath);
    }
    const sources = readConfigSources(volume);
    if (sources.length > 0 && r.facts.configFiles !== true) r.state("configFiles", true, [...podPath, "volumes", i]);
    appendAll(configSources, sources);
  }
  r.assume("hostPaths", hostPaths, podPath);
  r.assume("configFiles", false, podPath);
  const pinning = [
    ["nodeSelector", podSpec.nodeSelector],
    ["nodeName", podSpec.nodeName],
    ["affinity", readPath(podSpec, ["affinity", "nodeAffinity"])],
  ] as const;
  const pinned = pinning.find(
    ([, value]) => value !== undefined && value !== null && !(isObject(value) && Object.keys(value).length === 0),
  );
  if (pinned) r.state("nodePinned", true, pinned[0] === "affinity" ? [...podPath, "affinity", "nodeAffinity"] : [...podPath, pinned[0]]);
  else r.assume("nodePinned", false, podPath);
  // Kubernetes gives a pod 30 s after SIGTERM when terminationGracePeriodSeconds is unset
  // (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
  const grace = podSpec.terminationGracePeriodSeconds;
  if (typeof grace === "number") r.state("graceSeconds", grace, [...podPath, "terminationGracePeriodSeconds"]);
  else if (typeof grace === "string") r.state("graceTemplated", true, [...podPath, "terminationGracePeriodSeconds"]);
  else r.assume("graceSeconds", DEFAULT_K8S_GRACE_SECONDS, podPath);
  const replicas = readPath(object.value, ["spec", "replicas"]);
  if (typeof replicas === "number") r.state("replicas", replicas, ["spec", "replicas"]);
  if (typeof podSpec.restartPolicy === "string") r.state("restartPolicy", podSpec.restartPolicy, [...podPath, "restartPolicy"]);
  return configSources;
}

/** `ConfigMap/<name>` and `Secret/<name>` for each ConfigMap or Secret a volume (or a projected volume) mounts. */
function readConfigSources(volume: Obj): string[] {
  const found: string[] = [];
  const configMap = readPath(volume, ["configMap", "name"]);
  if (typeof configMap === "string") found.push(`ConfigMap/${configMap}`);
  const secret = readPath(volume, ["secret", "secretName"]);
  if (typeof secret === "string") found.push(`Secret/${secret}`);
  for (const source of arrayOf(readPath(volume, ["projected", "sources"]))) {
    const projectedMap = readPath(source, ["configMap", "name"]);
    if (typeof projectedMap === "string") found.push(`ConfigMap/${projectedMap}`);
    const projectedSecret = readPath(source, ["secret", "name"]);
    if (typeof projectedSecret === "string") found.push(`Secret/${projectedSecret}`);
  }
  if (found.length === 0 && (volume.configMap !== undefined || volume.secret !== undefined || volume.projected !== undefined))
    found.push("");
  return found;
}

function readSurroundings(shape: WorkloadShape, run: RunObjects, r: FactRecorder): void {
  const { object, kind, podPath, podSpec, podLabels, namespace } = shape;
  readDisruptionBudget(shape, run, r);
  if (kind === "StatefulSet") {
    const serviceName = readPath(object.value, ["spec", "serviceName"]);
    if (typeof serviceName === "string") {
      r.state("serviceName", serviceName, ["spec", "serviceName"]);
      const service = run
        .services(namespace, object.file)
        .find(
          (s) =>
            isSameNamespace(readNamespace(s.value), namespace) &&
            readName(s.value) === serviceName &&
            readPath(s.value, ["spec", "clusterIP"]) === "None",
        );
      if (service) r.state("headlessService", true, ["spec", "clusterIP"], service);
      else r.state("headlessService", false, ["spec", "serviceName"]);
    } else r.assume("headlessService", false, ["spec"]);
  }
  const terms = [
    ...arrayOf(readPath(podSpec, ["affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"])),
    ...arrayOf(readPath(podSpec, ["affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution"])).map((p) =>
      readPath(p, ["podAffinityTerm"]),
    ),
  ].filter(isObject);
  const spreadsOwn = terms.some(
    (t) => HOST_OR_ZONE.has(String(t.topologyKey)) && selectsLabels(t.labelSelector, podLabels) && coversNamespace(t, namespace),
  );
  if (terms.length > 0) r.state("antiAffinity", spreadsOwn, [...podPath, "affinity", "podAntiAffinity"]);
  else r.assume("antiAffinity", false, podPath);
  const constraints = arrayOf(podSpec.topologySpreadConstraints).filter(isObject);
  const spreads = constraints.some((c) => HOST_OR_ZONE.has(String(c.topologyKey)) && selectsLabels(c.labelSelector, podLabels));
  if (constraints.length > 0) r.state("topologySpread", spreads, [...podPath, "topologySpreadConstraints"]);
  else r.assume("topologySpread", false, podPath);
  readUpdateStrategy(shape, r);
}

/** True when an affinity term looks in the workload's own namespace (its default), or in every namespace. */
function coversNamespace(term: Obj, namespace: string): boolean {
  const namespaces = arrayOf(term.namespaces).map(String);
  if (namespaces.length > 0) return namespaces.includes(namespace === "" ? "default" : namespace) || namespaces.includes(namespace);
  if (term.namespaceSelector !== undefined && term.namespaceSelector !== null)
    return isObject(term.namespaceSelector) && Object.keys(term.namespaceSelector).length === 0;
  return true;
}

function readDisruptionBudget(shape: WorkloadShape, run: RunObjects, r: FactRecorder): void {
  const { object, podLabels, namespace, podPath } = shape;
  // A PodDisruptionBudget selects pods by their own labels, those of the pod template, in its namespace.
  const pdb = run
    .pdbs(namespace, object.file)
    .find((p) => isSameNamespace(readNamespace(p.value), namespace) && selectsLabels(readPath(p.value, ["spec", "selector"]), podLabels));
  if (!pdb) {
    r.assume("hasPdb", false, podPath);
    return;
  }
  r.state("hasPdb", true, ["kind"], pdb);
  const spec = isObject(pdb.value.spec) ? pdb.value.spec : {};
  if (spec.minAvailable !== undefined) r.state("pdbMinAvailable", spec.minAvailable, ["spec", "minAvailable"], pdb);
  if (spec.maxUnavailable !== undefined) r.state("pdbMaxUnavailable", spec.maxUnavailable, ["spec", "maxUnavailable"], pdb);
  const replicas = typeof r.facts.replicas === "number" ? r.facts.replicas : undefined;
  const blocks =
    spec.maxUnavailable === 0 ||
    spec.maxUnavailable === "0%" ||
    spec.minAvailable === "100%" ||
    (typeof spec.minAvailable === "number" && replicas !== undefined && spec.minAvailable >= replicas);
  r.state("pdbAllowsNoDisruption", blocks, spec.maxUnavailable !== undefined ? ["spec", "maxUnavailable"] : ["spec", "minAvailable"], pdb);
}

/**
 * The update strategy and how many pods it takes down at once. Defaults: Deployments roll with
 * maxUnavailable 25%; StatefulSets and DaemonSets roll one pod at a time
 * (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#rolling-updates).
 */
function readUpdateStrategy(shape: WorkloadShape, r: FactRecorder): void {
  const { object, kind } = shape;
  const key = kind === "Deployment" || kind === "DeploymentConfig" ? "strategy" : "updateStrategy";
  if (kind === "Pod" || kind === "Job" || kind === "CronJob") return;
  const strategy = readPath(object.value, ["spec", key]);
  const type = readPath(strategy, ["type"]);
  if (typeof type === "string") r.state("updateStrategy", type, ["spec", key, "type"]);
  else r.assume("updateStrategy", kind === "DeploymentConfig" ? "Rolling" : "RollingUpdate", ["spec"]);
  const maxUnavailable = readPath(strategy, [kind === "DeploymentConfig" ? "rollingParams" : "rollingUpdate", "maxUnavailable"]);
  if (typeof maxUnavailable === "number" || typeof maxUnavailable === "string")
    r.state("updateMaxUnavailable", maxUnavailable, ["spec", key, "rollingUpdate", "maxUnavailable"]);
  else if (r.facts.updateStrategy === "RollingUpdate") r.assume("updateMaxUnavailable", kind === "Deployment" ? "25%" : 1, ["spec"]);
}

/** True when an image reference names a digest, or a tag other than `latest`. */
export function isPinnedImage(image: string): boolean {
  if (image.includes("@")) return true;
  const last = image.split("/").at(-1) ?? image;
  const colon = last.indexOf(":");
  return colon >= 0 && last.slice(colon + 1) !== "" && last.slice(colon + 1) !== "latest";
}

/** The object's `metadata.name`, or `(unnamed)`. */
export function readName(object: Obj): string {
  const name = readPath(object, ["metadata", "name"]);
  return typeof name === "string" ? name : "(unnamed)";
}

/**
 * True when two objects land in one namespace. An object that names none goes to the namespace it
 * is applied to (`kubectl apply -n`, `helm template --namespace` often leaves it out), so it may
 * share any namespace.
 */
export function isSameNamespace(a: string, b: string): boolean {
  return a === b || a === "" || b === "";
}

/** The object's namespace; empty when it names none (the namespace it is applied to). */
export function readNamespace(object: Obj): string {
  const namespace = readPath(object, ["metadata", "namespace"]);
  return typeof namespace === "string" ? namespace : "";
}

/** True when two values write the same JSON once their keys are sorted (`stableJson`): told without writing it when both are plain data. */
export function sameJson(a: unknown, b: unknown): boolean {
  // Undefined writes no JSON at all, and plain data always writes some: a probe beside none is told at once.
  if ((a === undefined && plainKind(b) !== undefined) || (b === undefined && plainKind(a) !== undefined)) return false;
  return plainEqual(a, b, 0) ?? stableJson(a) === stableJson(b);
}

/** Values nested deeper than this are left to `stableJson`. */
const MAX_PLAIN_DEPTH = 64;

/**
 * Whether two values of plain data (strings, booleans, null, finite numbers, and arrays and records
 * of them) are equal, keys in any order; undefined when either holds anything else whose JSON could
 * still match (`undefined`, which JSON leaves out or writes as null; a number JSON writes as null;
 * a Date; a class instance), for `stableJson` to tell.
 */
function plainEqual(a: unknown, b: unknown, depth: number): boolean | undefined {
  const left = plainKind(a);
  const right = plainKind(b);
  if (left === undefined || right === undefined || depth > MAX_PLAIN_DEPTH) return undefined;
  // A scalar's JSON never starts as an array's or an object's does.
  if (left !== right) return false;
  if (left === "scalar") return a === b;
  if (left === "array") {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      // Items that write different JSON make different lists, whatever the other items write.
      const same = plainEqual(x[i], y[i], depth + 1);
      if (same !== true) return same;
    }
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  // A key whose value is undefined is left out of the JSON, and a `toJSON` method writes what it likes.
  if (keys.length !== Object.keys(y).length || Object.hasOwn(x, "toJSON") || Object.hasOwn(y, "toJSON")) return undefined;
  for (const key of keys) {
    if (!Object.hasOwn(y, key)) return undefined;
    const same = plainEqual(x[key], y[key], depth + 1);
    if (same !== true) return same;
  }
  return true;
}

function plainKind(value: unknown): "scalar" | "array" | "record" | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return "scalar";
  if (typeof value === "number") return Number.isFinite(value) ? "scalar" : undefined;
  if (Array.isArray(value)) return "array";
  if (typeof value !== "object") return undefined;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? "record" : undefined;
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}
