import { appendAll } from "../append-all.js";
import { detachString, detachStrings } from "../load/detach.js";
import type { InputFile } from "../load/files.js";
import type { Problem } from "../load/problem.js";
import { isDeferredLocation, parseYaml } from "../load/yaml.js";
import type { DeploymentFacts, SourceLocation } from "../model/facts.js";
import { ValuePool } from "../value-pool.js";
import type {
  ArtifactFacts,
  ExtractResult,
  OsloFileFacts,
  ServiceIndex,
  Unrecognized,
  WorkloadFacts,
  WorkloadRef,
} from "./artifact-facts.js";
import { detectContainerFile, extractComposeFacts } from "./compose/extract-compose-facts.js";
import { collectK8sObjects, isKubernetesObject, k8sReader } from "./kubernetes/extract-k8s-facts.js";
import type { ManifestObject } from "./kubernetes/read-workload.js";
import { extractOsloFacts } from "./oslo/extract-oslo-facts.js";
import { placeOf } from "./packed-places.js";
import { collectWorkloadArtifacts } from "./workload-artifacts.js";

export type { ArtifactFacts, ExtractResult, ServiceIndex, Unrecognized, WorkloadArtifact, WorkloadRef } from "./artifact-facts.js";

/** The format of an artifact, judged by its content first and its name second. */
export type ArtifactFormat = "oslo-ini" | "yaml" | "unknown";

const YAML_NAME = /\.ya?ml$/i;
const INI_NAME = /\.(?:conf|ini|cfg)(?:[.-]sample)?$|[.-]sample$/i;
const SECTION_LINE = /^\[[^\]\n]+\]\s*$/;

/** Decides whether a file is oslo.config INI or YAML by looking at its first meaningful line. */
export function detectArtifactFormat(file: string, text: string): ArtifactFormat {
  if (YAML_NAME.test(file)) return "yaml";
  const first = firstMeaningfulLine(text);
  if (first !== undefined && SECTION_LINE.test(first)) return "oslo-ini";
  if (INI_NAME.test(file)) return "oslo-ini";
  if (first === undefined) return "unknown";
  return "yaml";
}

/** The first line that is neither blank nor a comment (`#`, `;`), found without splitting the whole text. */
function firstMeaningfulLine(text: string): string | undefined {
  const lineEnd = /\r\n|\n|\r/g;
  let start = 0;
  while (start <= text.length) {
    const end = lineEnd.exec(text);
    const line = text.slice(start, end ? end.index : text.length);
    if (line.trim() !== "" && !/^\s*[#;]/.test(line)) return line;
    if (!end) return undefined;
    start = lineEnd.lastIndex;
  }
  return undefined;
}

/**
 * Reads deployment artifacts (Kubernetes manifests, oslo.config files, compose, swarm and
 * kolla-ansible files) into facts per service. Kubernetes objects are read together, across files,
 * as the API server relates them. A file no reader understands is listed as unrecognized, never
 * dropped; a file that cannot be read is skipped with its problems, and the rest are read. Files
 * are taken one at a time as `files` gives them, and no file's text is kept once it is read.
 */
export function extractArtifacts(files: Iterable<InputFile>, services: ServiceIndex): ExtractResult {
  const workloads: WorkloadFacts[] = [];
  const osloFiles: OsloFileFacts[] = [];
  const unrecognized: Unrecognized[] = [];
  const problems: Problem[] = [];
  const skipped: string[] = [];
  const generic: WorkloadFacts[] = [];
  // Each file's Kubernetes objects are read as soon as it is parsed, so its parsed documents can go.
  // Kept to the end of the run, equal values are held once: an estate repeats its charts.
  const pool = new ValuePool();
  const kubernetes = k8sReader(services, pool);
  const k8sFiles = new Map<string, boolean>();
  for (const input of files) {
    const read: FileRead = { workloads: [], generic: [], osloFiles: [], unrecognized: [], problems: [], k8sObjects: [], found: false };
    readArtifact(input, services, read);
    appendAll(problems, read.problems);
    const error = read.problems.find((p) => p.severity === "error");
    if (error) {
      // A file that cannot be read whole is left out; the others are still assessed.
      skipped.push(input.file);
      unrecognized.push({ file: input.file, line: error.line, kind: "file", name: input.file, reason: `skipped: ${error.message}` });
      continue;
    }
    // Kept to the end of the run: their strings are made their own, so the file's text can go.
    detachFacts([...read.workloads, ...read.generic], read.osloFiles, read.unrecognized);
    appendAll(workloads, read.workloads);
    appendAll(generic, read.generic);
    appendAll(osloFiles, read.osloFiles);
    appendAll(unrecognized, read.unrecognized);
    kubernetes.read(read.k8sObjects);
    if (read.k8sObjects.length > 0) k8sFiles.set(input.file, read.found);
  }
  const k8s = kubernetes.finish();
  appendAll(workloads, k8s.workloads);
  appendAll(unrecognized, k8s.unrecognized);
  appendAll(osloFiles, k8s.configs);
  for (const [file, found] of k8sFiles) {
    if (found || k8s.filesRead.has(file)) continue;
    unrecognized.push({
      file,
      line: 1,
      kind: "kubernetes",
      name: file,
      reason:
        "holds Kubernetes objects but no workload (Deployment, StatefulSet, DaemonSet, Pod, Job, CronJob) and no oslo.config in a ConfigMap",
    });
  }
  appendAll(generic, k8s.generic);
  // Workloads outside the catalog are assessed on their own, never merged into a service's facts.
  // Sorted by where each workload's kind is, read once per workload (a location's line is found when read).
  const every = [...workloads, ...generic]
    .map((w) => {
      const at = placeOf(w, "deployment.kind");
      return { w, file: at?.file ?? "", line: at?.line ?? 0 };
    })
    .sort((a, b) => compareLocations(a, b) || (a.w.service < b.w.service ? -1 : a.w.service > b.w.service ? 1 : 0))
    .map(({ w }) => w);
  detachFacts([...k8s.workloads, ...k8s.generic], k8s.configs, k8s.unrecognized);
  for (const workload of every) workload.deployment = pool.intern(workload.deployment);
  const artifacts = collectWorkloadArtifacts(every, osloFiles, pool);
  for (const { facts } of artifacts) if (facts.oslo) facts.oslo = pool.intern(facts.oslo);
  return {
    facts: mergeFacts(workloads, osloFiles),
    unrecognized: sortUnrecognized(unrecognized),
    problems,
    skipped,
    workloads: artifacts,
  };
}

/**
 * Copies the strings the facts keep out of the files' texts they were cut from (`detachStrings`),
 * so that no file's text outlives the reading of the run: a workload's names, images and paths,
 * a config's values, why an input was not recognized.
 */
function detachFacts(
  workloads: readonly WorkloadFacts[],
  osloFiles: readonly OsloFileFacts[],
  unrecognized: readonly Unrecognized[],
): void {
  for (const workload of workloads) {
    workload.service = detachString(workload.service);
    if (workload.namespace !== undefined) workload.namespace = detachString(workload.namespace);
    detachStrings(workload.deployment);
  }
  for (const file of osloFiles) detachStrings(file.oslo);
  for (const entry of unrecognized) detachStrings(entry);
}

/** What one file gave the readers; its Kubernetes objects are read next, with what is kept of every other file's. */
interface FileRead {
  workloads: WorkloadFacts[];
  /** Container-file entries no catalog service matches, assessed as `generic`. */
  generic: WorkloadFacts[];
  osloFiles: OsloFileFacts[];
  unrecognized: Unrecognized[];
  problems: Problem[];
  k8sObjects: ManifestObject[];
  /** True when a reader other than the Kubernetes one found something in the file. */
  found: boolean;
}

function readArtifact(input: InputFile, services: ServiceIndex, read: FileRead): void {
  const format = detectArtifactFormat(input.file, input.text);
  if (format === "oslo-ini") {
    const found = extractOsloFacts(input, services);
    appendAll(read.problems, found.problems);
    if (found.facts) read.osloFiles.push(found.facts);
    if (found.unrecognized) read.unrecognized.push(found.unrecognized);
    return;
  }
  if (format === "unknown") {
    read.unrecognized.push({
      file: input.file,
      line: 1,
      kind: "file",
      name: input.file,
      reason: "the file is empty or holds only comments",
    });
    return;
  }
  readYamlArtifact(input, services, read);
}

function readYamlArtifact(original: InputFile, services: ServiceIndex, read: FileRead): void {
  const parsed = parseYaml(original.text, original.file, "yaml11", { lenient: true });
  if (!parsed.ok) {
    if (YAML_NAME.test(original.file)) read.problems.push(parsed.problem);
    else
      read.unrecognized.push({
        file: original.file,
        line: parsed.problem.line,
        kind: "file",
        name: original.file,
        reason: "not a Kubernetes manifest, compose file, kolla-ansible defaults file or oslo.config INI file",
      });
    return;
  }
  appendAll(read.problems, parsed.warnings);
  // Positions come from the text that was parsed, which lenient parsing may have re-indented.
  const input = { ...original, text: parsed.text };
  if (parsed.documents.length === 0) {
    read.unrecognized.push({
      file: input.file,
      line: 1,
      kind: "file",
      name: input.file,
      reason: "the file is empty or holds only comments",
    });
    return;
  }
  const k8sDocuments = parsed.documents.filter((d) => isKubernetesObject(d.value));
  const collected = collectK8sObjects(input, k8sDocuments);
  appendAll(read.problems, collected.problems);
  appendAll(read.k8sObjects, collected.objects);
  for (const document of parsed.documents) {
    if (isKubernetesObject(document.value) || detectContainerFile(document.value) === undefined) continue;
    const compose = extractComposeFacts(input, document.value, document.index, services);
    appendAll(read.workloads, compose.workloads);
    appendAll(read.generic, compose.generic);
    appendAll(read.unrecognized, compose.unrecognized);
    read.found = true;
  }
  if (k8sDocuments.length === 0 && !read.found) {
    read.unrecognized.push({
      file: input.file,
      line: 1,
      kind: "file",
      name: input.file,
      reason: "not a Kubernetes manifest, compose file, kolla-ansible defaults file or oslo.config INI file",
    });
  }
}

/** Which workload supplies a service's deployment facts: Kubernetes controllers, then a bare Pod, then container-file entries. */
const LONG_RUNNING_RANK: Record<string, number> = { StatefulSet: 0, DaemonSet: 0, Deployment: 0, Pod: 1 };

/**
 * Merges facts per service, in time linear in the workloads and files: the long-running workload's
 * deployment (the first, in file order, of the best-ranked kind; Jobs only listed), and oslo facts
 * from every config file, later files overriding earlier ones as oslo.config does with several
 * `--config-file`s.
 */
export function mergeFacts(workloads: readonly WorkloadFacts[], osloFiles: readonly OsloFileFacts[]): ArtifactFacts[] {
  const byService = new Map<string, ArtifactFacts>();
  const entry = (service: string): ArtifactFacts => {
    let facts = byService.get(service);
    if (!facts) {
      facts = { service, locations: {} };
      byService.set(service, facts);
    }
    return facts;
  };
  // A partial object (a patch, an assert) supplies facts only when nothing complete describes the service.
  const rank = (d: DeploymentFacts) => (LONG_RUNNING_RANK[d.kind] ?? 2) + (d.partial ? 3 : 0);
  for (const workload of workloads) {
    const facts = entry(workload.service);
    const ref = refTo(workload.deployment, placeOf(workload, "deployment.kind"));
    // Lists grow in place: copying them for each workload is quadratic in the workloads of a service.
    if (workload.isJob) {
      facts.jobs ??= [];
      facts.jobs.push(ref);
      continue;
    }
    const current = facts.deployment;
    if (current && rank(workload.deployment) >= rank(current)) {
      facts.otherWorkloads ??= [];
      facts.otherWorkloads.push(ref);
      continue;
    }
    if (current) {
      facts.otherWorkloads ??= [];
      facts.otherWorkloads.push(refTo(current, facts.locations["deployment.kind"]));
      for (const key of Object.keys(facts.locations))
        if (key === "deployment" || key.startsWith("deployment.")) delete facts.locations[key];
    }
    facts.deployment = workload.deployment;
    Object.assign(facts.locations, workload.locations);
  }
  for (const file of osloFiles) {
    for (const service of file.services) {
      const facts = entry(service);
      const { files, ...values } = file.oslo;
      const merged = facts.oslo ?? { files: [] };
      facts.oslo = { ...merged, ...values, files: merged.files };
      for (const name of files) merged.files.push(name);
      Object.assign(facts.locations, file.locations);
    }
  }
  return [...byService.values()].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

function compareLocations(a: { file: string; line: number }, b: { file: string; line: number }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

/**
 * A reference to a workload. Its line is found when it is read where the location it comes from is
 * found so too (`isDeferredLocation`); a line known already is a plain field, which keeps the
 * reference a small record of fixed shape rather than an object with an accessor.
 */
function refTo(deployment: DeploymentFacts, where: SourceLocation | undefined): WorkloadRef {
  const { kind, name } = deployment;
  if (where === undefined || !isDeferredLocation(where)) return { kind, name, file: where?.file ?? "", line: where?.line ?? 1 };
  return Object.defineProperty({ kind, name, file: where.file } as WorkloadRef, "line", { enumerable: true, get: () => where.line });
}

function sortUnrecognized(list: readonly Unrecognized[]): Unrecognized[] {
  return [...list].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
