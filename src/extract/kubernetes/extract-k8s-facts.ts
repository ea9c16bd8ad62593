import { appendAll } from "../../append-all.js";
import { detachString, detachStrings } from "../../load/detach.js";
import type { InputFile } from "../../load/files.js";
import type { Problem } from "../../load/problem.js";
import {
  createLocationGroup,
  type DocumentSource,
  deferLocationIn,
  detachDocument,
  documentIn,
  type LocationGroup,
  locateAllIn,
  locatePath,
  type YamlDocument,
} from "../../load/yaml.js";
import type { SourceLocation } from "../../model/facts.js";
import { packNumbers, unpackNumbers } from "../../packed-numbers.js";
import { ValuePool } from "../../value-pool.js";
import type { OsloFileFacts, ServiceIndex, Unrecognized, WorkloadFacts } from "../artifact-facts.js";
import { matchService, readCommandName, readImageName } from "../match-service.js";
import { holdPlacesPacked, packPlaces } from "../packed-places.js";
import { isObject, type Obj, readPath } from "../read-path.js";
import { KustomizePatches } from "./kustomize-patches.js";
import { type ConfigObject, holdConfigObject, readConfigMaps } from "./read-config-maps.js";
import {
  beginWorkload,
  finishWorkload,
  groupByNamespace,
  type ManifestObject,
  type Path,
  readName,
  readNamespace,
  sharePlaces,
  slimWorkload,
  surroundingPaths,
  surroundingPodSpec,
  type WorkloadBegun,
  type WorkloadShape,
} from "./read-workload.js";

/** A workload with what ties configs to it: its namespace and the ConfigMaps and Secrets it mounts. */
export interface K8sWorkload extends WorkloadFacts {
  namespace: string;
  configSources: readonly string[];
}

/** The most Kubernetes objects one file may hold once `List` items are expanded (aliases can multiply them). */
export const MAX_OBJECTS_PER_FILE = 2000;

/** Controllers whose apps/v1 API requires a selector; one without is a partial object. */
const CONTROLLER_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "DeploymentConfig"]);

/** Long-running and run-to-completion workloads; an OpenShift DeploymentConfig is read as a Deployment. */
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Pod", "Job", "CronJob", "DeploymentConfig"]);

/** Test asserts (kuttl `NN-assert.yaml`, `NN-errors.yaml`; chainsaw `*assert*.yaml`) state only the fields they check. */
const ASSERT_FILE = /(?:^|[-_.])(?:assert|errors)[-_.]?[^/]*\.ya?ml$/i;

/** True when a YAML document looks like a Kubernetes object (`apiVersion` and `kind`). */
export function isKubernetesObject(value: unknown): boolean {
  return isObject(value) && typeof value.apiVersion === "string" && typeof value.kind === "string";
}

/**
 * The Kubernetes objects of one file, `List` kinds expanded; a file that expands to more than
 * `MAX_OBJECTS_PER_FILE` objects gives a problem and no objects.
 */
export function collectK8sObjects(
  input: InputFile,
  documents: readonly YamlDocument[],
): { objects: ManifestObject[]; problems: Problem[] } {
  const objects: ManifestObject[] = [];
  for (const document of documents) {
    const flat = flattenList(input, document, MAX_OBJECTS_PER_FILE - objects.length);
    if (flat.overflow) {
      // The document's own kind: the List that overflowed may be an alias with no place of its own.
      const { line, column } = locatePath(input.text, document.index, ["kind"]);
      const problem: Problem = {
        file: input.file,
        line,
        column,
        severity: "error",
        code: "too-many-objects",
        path: "",
        message: `expected at most ${MAX_OBJECTS_PER_FILE} Kubernetes objects in one file once List items and aliases are expanded, got more; the file was not read`,
      };
      return { objects: [], problems: [problem] };
    }
    appendAll(objects, flat.objects);
  }
  return { objects, problems: [] };
}

/** What reading every Kubernetes object of a run gives. */
export interface K8sFacts {
  workloads: K8sWorkload[];
  /** Workloads no catalog service matches, read all the same so the generic checks can assess them. */
  generic: K8sWorkload[];
  unrecognized: Unrecognized[];
  configs: OsloFileFacts[];
  filesRead: Set<string>;
}

/**
 * Kinds a workload's facts depend on across files, kept whole until every file is read. ConfigMaps
 * and Secrets are kept too, cut to their oslo.config files (`holdConfigObject`).
 */
const LINKING_KINDS = new Set(["PodDisruptionBudget", "Service", "Kustomization"]);

/**
 * Reads the workloads of every Kubernetes object of the run (multi-document files, `List` kinds,
 * helm or kustomize output) into deployment facts per service, with PodDisruptionBudgets, Services
 * and ConfigMaps matched across files as the API server matches them: by namespace and labels.
 * Files are given one at a time. A workload's own object is read as soon as its file is, so the
 * file's parsed objects can go: only the objects that tie workloads together across files
 * (PodDisruptionBudgets, Services, Kustomizations, and the oslo.config files of ConfigMaps and
 * Secrets) and what remains to read of each workload are kept until `finish`, which reads those ties.
 * What is kept, and each workload's facts, are held in `pool`: equal values once.
 */
export function k8sReader(
  index: ServiceIndex,
  pool: ValuePool = new ValuePool(),
): { read: (objects: readonly ManifestObject[]) => void; finish: () => K8sFacts } {
  const linking: ManifestObject[] = [];
  const configObjects: ConfigObject[] = [];
  const begun: (BegunWorkload | undefined)[] = [];
  const workloadFiles = new Set<string>();
  const unrecognized: Unrecognized[] = [];
  const filesRead = new Set<string>();
  // The lines of each linking object's document, each text once: an estate that installs a chart in
  // many regions repeats its Services and PodDisruptionBudgets word for word. (Not `fromPool`: equal
  // strings compare equal, so whether the source's own text was kept shows only in the lookup.)
  const documentTexts = new Map<string, string>();
  // The texts of the configs held in ConfigMaps and Secrets, each once (`holdConfigObject`).
  const configTexts = new Map<string, string>();
  const held = (source: DocumentSource): DocumentSource => {
    const known = documentTexts.get(source.text);
    if (known === undefined) {
      documentTexts.set(source.text, source.text);
      return source;
    }
    return { text: known, docIndex: source.docIndex, lineOffset: source.lineOffset, detached: source.detached };
  };
  const read = (objects: readonly ManifestObject[]) => {
    for (const object of objects) {
      const kind = String(object.value.kind);
      // Kept to the end of the run, it keeps only its own document's lines and strings: its file's text can go.
      if (LINKING_KINDS.has(kind))
        linking.push({ ...object, value: pool.intern(detachStrings(object.value)), source: held(detachDocument(object.source)) });
      const config = holdConfigObject(object, configTexts);
      if (config) configObjects.push(config);
      if (!WORKLOAD_KINDS.has(kind)) continue;
      filesRead.add(object.file);
      const listed = unrecognized.length;
      const workload = beginK8sWorkload(object, kind, index, unrecognized, pool);
      if (workload) {
        begun.push(workload);
        workloadFiles.add(object.file);
      }
      for (let i = listed; i < unrecognized.length; i++) detachStrings(unrecognized[i]);
    }
  };
  const finish = (): K8sFacts => {
    const patches = new KustomizePatches(
      linking.filter((o) => o.value.kind === "Kustomization"),
      workloadFiles,
    );
    const run = {
      pdbs: groupByNamespace(
        linking.filter((o) => o.value.kind === "PodDisruptionBudget"),
        patches,
      ),
      services: groupByNamespace(
        linking.filter((o) => o.value.kind === "Service"),
        patches,
      ),
    };
    const workloads: K8sWorkload[] = [];
    const generic: K8sWorkload[] = [];
    for (let i = 0; i < begun.length; i++) {
      const { match, shape, begun: started } = begun[i] as BegunWorkload;
      // Each is let go once finished: the records it read into are copied into the workload's facts.
      begun[i] = undefined;
      const partial = shape.partial || patches.has(shape.object.file);
      const read = finishWorkload({ ...shape, partial }, run, started);
      // A file is read when a workload's fact cites it: that of its PodDisruptionBudget or Service too.
      for (const location of Object.values(read.locations)) filesRead.add(location.file);
      const isJob = shape.kind === "Job" || shape.kind === "CronJob";
      const deployment = pool.intern(read.deployment);
      const { namespace } = shape;
      const { configSources } = read;
      // Its places held packed: every workload's wait for the configs tied to them, and then for their assessment.
      const places = packPlaces(read.locations, pool);
      if (match) workloads.push(holdPlacesPacked({ service: match.service, isJob, deployment, namespace, configSources }, places));
      else {
        const service = readName(shape.object.value);
        generic.push(holdPlacesPacked({ service, generic: true, isJob, deployment, namespace, configSources }, places));
      }
    }
    // A Kustomization is read for the patches it names.
    for (const object of linking) if (object.value.kind === "Kustomization") filesRead.add(object.file);
    const configMaps = readConfigMaps(configObjects, workloads, index, patches, pool);
    for (const file of configMaps.filesRead) filesRead.add(file);
    // Read: what was kept for this pass can go, though the reader is still held while the run
    // ties configs to workloads (a place a fact cites in another object keeps that object's document).
    linking.length = 0;
    configObjects.length = 0;
    begun.length = 0;
    documentTexts.clear();
    configTexts.clear();
    return { workloads, generic, unrecognized: [...unrecognized, ...configMaps.unrecognized], configs: configMaps.configs, filesRead };
  };
  return { read, finish };
}

/** A workload whose own object is read: its service, and its shape cut to what is left to read. */
interface BegunWorkload {
  match: ReturnType<typeof matchWorkload>;
  shape: WorkloadShape;
  begun: WorkloadBegun;
}

/**
 * Reads what a workload object says of itself: its service, its pod spec and whether it is partial
 * as far as its own file tells. A workload with no pod template to read is listed as unrecognized.
 */
function beginK8sWorkload(
  object: ManifestObject,
  kind: string,
  index: ServiceIndex,
  unrecognized: Unrecognized[],
  pool: ValuePool,
): BegunWorkload | undefined {
  const name = readName(object.value);
  // Only a workload left unrecognized needs its line here; a workload that is read is located by `ownLocator`.
  const line = () => where(object, ["kind"]).line;
  const podPath = podSpecPath(kind);
  const podSpec = readPath(object.value, podPath);
  if (!isObject(podSpec) || !Array.isArray(podSpec.containers)) {
    unrecognized.push({
      file: object.file,
      line: line(),
      kind,
      name,
      reason: "has no pod template with containers (a partial object such as a kustomize patch?), so no deployment facts",
    });
    return undefined;
  }
  const labels = readLabels(object.value, kind);
  const match = matchWorkload(name, labels.all, podSpec, index);
  if (!match) {
    unrecognized.push({
      file: object.file,
      line: line(),
      kind,
      name,
      reason: `no service in the catalog matches its labels (${describeLabels(labels.all)}), name, container names, images or commands`,
    });
  }
  // apps/v1 controllers require a selector: one without is a patch or an assert, so absent fields are unknown.
  // A Kustomization in another file may yet name this one as a patch.
  const partial =
    (CONTROLLER_KINDS.has(kind) && readPath(object.value, ["spec", "selector"]) === undefined) || ASSERT_FILE.test(object.file);
  // The rest of the object is read from here on only in the slim copy: the parsed object can go, and
  // once its places are located, its document too.
  const slim = { ...slimWorkload(object), source: RELEASED };
  const shape = { object: slim, kind, podPath, podSpec, podLabels: labels.pod, namespace: readNamespace(object.value), partial };
  // Located in one scan of the document: what the workload's own object says, and where the rest of its reading may point.
  const own = ownLocator(slim, object.source, laterPlacesOf(podPath));
  const begun = beginWorkload(shape, own.where);
  own.settle();
  // Once every place is where it is: before, those still to be found all stand at the first line.
  sharePlaces(begun.recorder.locations);
  // What is kept until `finish` holds strings of its own, not slices of the file's text, so the text can go.
  slim.value = pool.intern(detachStrings(slim.value));
  detachStrings(begun.recorder.facts);
  begun.configSources = pool.intern(detachStrings(begun.configSources));
  begun.recorder.compact(pool);
  const kept: WorkloadShape = {
    ...shape,
    podSpec: pool.intern(detachStrings(surroundingPodSpec(podSpec))),
    podLabels: pool.intern(detachStrings(shape.podLabels)),
    namespace: detachString(shape.namespace),
  };
  return { match: pool.intern(detachStrings(match)), shape: kept, begun };
}

/**
 * The files a Kustomization of the run names as patches (`patches[].path`, `patchesStrategicMerge`):
 * they hold partial objects, whatever fields they carry
 * (https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/).
 */
/** The file, line and column of a path inside an object, found when a finding cites it. */
function where(object: ManifestObject, path: Path): SourceLocation {
  if (object.source === RELEASED) throw new Error(`${object.file}: a place in a workload was asked for after its document was let go`);
  let group = locationGroups.get(object);
  if (!group) {
    // The group holds the object's own document, not the object or its file's text: both can go once its facts are read.
    const source = detachDocument(object.source);
    const prefix = object.path;
    group = createLocationGroup((paths) =>
      locateAllIn(
        source,
        paths.map((path) => [...prefix, ...path]),
      ),
    );
    locationGroups.set(object, group);
  }
  return deferLocationIn(group, object.file, path);
}

/**
 * Where a workload's facts sit. Those in its own object are located together, from one scan of its
 * document, when `settle` is called: the workload's own line is always written, so that scan is
 * never wasted. After it, the document is let go: a place among `later` is found in what that scan
 * located, kept as two numbers apiece until it is asked for, and any other place of the object is
 * given at its kind (`finishWorkload` cites none). Facts read from other objects (a
 * PodDisruptionBudget, a Service) are found when a finding cites them.
 */
function ownLocator(
  object: ManifestObject,
  document: DocumentSource,
  later: LaterPlaces,
): { where: (from: ManifestObject, path: Path) => SourceLocation; settle: () => void } {
  let source: DocumentSource | undefined = document;
  let pending: { location: SourceLocation; path: Path }[] = [];
  // The line and column of each place among `later`, once settled, packed (`packNumbers`).
  let settled: string | undefined;
  return {
    where: (from, path) => {
      if (from !== object) return where(from, path);
      if (settled !== undefined) {
        const i = later.index.get(pathKey(path)) ?? later.index.get(KIND_KEY) ?? 0;
        const lines = unpackNumbers(settled);
        return { file: object.file, line: lines[2 * i] as number, column: lines[2 * i + 1] as number };
      }
      const location = { file: object.file, line: 1, column: 1 };
      pending.push({ location, path });
      return location;
    },
    settle: () => {
      if (!source) return;
      const paths: Path[] = new Array(pending.length + later.paths.length);
      // An object inside a List sits under the list's path in its document; most objects are a document of their own.
      const prefix = object.path;
      const inDocument = (path: Path) => (prefix.length === 0 ? path : [...prefix, ...path]);
      for (let i = 0; i < pending.length; i++) paths[i] = inDocument((pending[i] as { path: Path }).path);
      for (let i = 0; i < later.paths.length; i++) paths[pending.length + i] = inDocument(later.paths[i] as Path);
      const found = locateAllIn(source, paths);
      for (let i = 0; i < pending.length; i++) {
        const { location } = pending[i] as { location: SourceLocation };
        const at = found[i] as { line: number; column: number };
        location.line = at.line;
        location.column = at.column;
      }
      const lines = new Array<number>(2 * later.paths.length);
      for (let i = 0; i < later.paths.length; i++) {
        const at = found[pending.length + i] as { line: number; column: number };
        lines[2 * i] = at.line;
        lines[2 * i + 1] = at.column;
      }
      settled = packNumbers(lines);
      pending = [];
      source = undefined;
    },
  };
}

/** The document of a workload's slim copy: its places are located from the document it was read from, which is then let go. */
const RELEASED: DocumentSource = Object.freeze({ text: "", docIndex: 0, lineOffset: 0, detached: true });

const KIND_KEY = pathKey(["kind"]);

/** The places in a workload's own object that `finishWorkload` may cite, and each one's index among them. */
interface LaterPlaces {
  paths: readonly Path[];
  index: ReadonlyMap<string, number>;
}

/** Shared by every workload whose pod spec sits at the same path: there are three such paths. */
const laterPlaces = new Map<string, LaterPlaces>();

function laterPlacesOf(podPath: Path): LaterPlaces {
  const key = pathKey(podPath);
  let places = laterPlaces.get(key);
  if (!places) {
    const paths = surroundingPaths(podPath);
    places = { paths, index: new Map(paths.map((path, i) => [pathKey(path), i])) };
    laterPlaces.set(key, places);
  }
  return places;
}

function pathKey(path: Path): string {
  return path.join("\u0000");
}

/**
 * One group per object located on demand (a PodDisruptionBudget, a Service, an unrecognized
 * workload), reading one of its places finds the others from that same scan; with the object's
 * document, detached from its file's text.
 */
const locationGroups = new WeakMap<ManifestObject, LocationGroup>();

function matchWorkload(name: string, labels: Record<string, string>, podSpec: Obj, index: ServiceIndex) {
  const containers = (podSpec.containers as unknown[]).filter(isObject);
  return matchService(
    [
      labels.application && labels.component ? `${labels.application}-${labels.component}` : undefined,
      labels["app.kubernetes.io/name"] && labels["app.kubernetes.io/component"]
        ? `${labels["app.kubernetes.io/name"]}-${labels["app.kubernetes.io/component"]}`
        : undefined,
      labels["app.kubernetes.io/name"],
      labels.app,
      name,
      ...containers.map((c) => (typeof c.name === "string" ? c.name : undefined)),
      ...containers.map((c) => (typeof c.image === "string" ? readImageName(c.image) : undefined)),
      ...containers.map((c) => readCommandName(c.command) ?? readCommandName(c.args)),
      labels.application,
    ],
    index,
  );
}

/**
 * The objects of one document with `List` kinds expanded, breadth first without recursion; stops
 * when the expansion holds more than `limit` objects.
 */
function flattenList(input: InputFile, document: YamlDocument, limit: number): { objects: ManifestObject[]; overflow: boolean } {
  const objects: ManifestObject[] = [];
  const { value } = document;
  const queue: ManifestObject[] = isObject(value)
    ? [{ value, file: input.file, source: documentIn(input.text, document.index), path: [] }]
    : [];
  for (let next = 0; next < queue.length; next++) {
    const item = queue[next] as ManifestObject;
    if (typeof item.value.kind !== "string") continue;
    if (!item.value.kind.endsWith("List") || !Array.isArray(item.value.items)) {
      objects.push(item);
      continue;
    }
    for (const [i, child] of item.value.items.entries()) {
      if (!isObject(child)) continue;
      if (objects.length + queue.length - next > limit) return { objects, overflow: true };
      queue.push({ ...item, value: child, path: [...item.path, "items", i] });
    }
  }
  return { objects, overflow: false };
}

function podSpecPath(kind: string): Path {
  if (kind === "Pod") return ["spec"];
  if (kind === "CronJob") return ["spec", "jobTemplate", "spec", "template", "spec"];
  return ["spec", "template", "spec"];
}

/** The pod's own labels (the template's; a Pod's metadata), and those merged with the controller's for matching a service. */
function readLabels(object: Obj, kind: string): { pod: Record<string, string>; all: Record<string, string> } {
  const templatePath =
    kind === "Pod"
      ? ["metadata", "labels"]
      : kind === "CronJob"
        ? ["spec", "jobTemplate", "spec", "template", "metadata", "labels"]
        : ["spec", "template", "metadata", "labels"];
  const pod = stringLabels(readPath(object, templatePath));
  return { pod, all: { ...stringLabels(readPath(object, ["metadata", "labels"])), ...pod } };
}

function stringLabels(source: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!isObject(source)) return labels;
  for (const [k, v] of Object.entries(source))
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") labels[k] = String(v);
  return labels;
}

function describeLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k}=${v}`).join(", ");
}
