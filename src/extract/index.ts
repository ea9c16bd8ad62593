import type { InputFile } from "../load/files.js";
import type { Problem } from "../load/problem.js";
import { parseYaml } from "../load/yaml.js";
import type { DeploymentFacts, OsloFacts, SourceLocation } from "../model/facts.js";
import { detectContainerFile, extractComposeFacts } from "./compose/extract-compose-facts.js";
import { extractK8sFacts, isKubernetesObject, type WorkloadFacts } from "./kubernetes/extract-k8s-facts.js";
import { extractOsloFacts, type OsloFileFacts } from "./oslo/extract-oslo-facts.js";

/** What the readers need to know about the catalog to map workloads to services. */
export interface ServiceIndex {
  /** Every service name and alias, lower-case, to the service name it stands for. */
  names: ReadonlyMap<string, string>;
  /** Service names by project (`nova` → nova-api, nova-compute, …), for tying config files to services. */
  byProject: ReadonlyMap<string, readonly string[]>;
}

/** A workload mapped to a service whose facts were not the ones used (a Job, or a second workload). */
export interface WorkloadRef {
  kind: string;
  name: string;
  file: string;
  line: number;
}

/** Facts about one service read from the user's files. */
export interface ArtifactFacts {
  service: string;
  deployment?: DeploymentFacts;
  oslo?: OsloFacts;
  /** Jobs and CronJobs mapped to the service (db-sync and the like); they never supply its deployment facts. */
  jobs?: WorkloadRef[];
  /** Other long-running workloads mapped to the service, after the one whose facts are used. */
  otherWorkloads?: WorkloadRef[];
  /** Where each fact came from, keyed by its path under `service` (`deployment.graceSeconds`). */
  locations: Record<string, SourceLocation>;
}

/** A workload or file that maps to no service, with the reason. */
export interface Unrecognized {
  file: string;
  line: number;
  kind: string;
  name: string;
  reason: string;
}

/** Everything the readers found in the artifacts. */
export interface ExtractResult {
  facts: ArtifactFacts[];
  unrecognized: Unrecognized[];
  problems: Problem[];
  /** Files left out because they could not be read (their problems say why); the rest were read. */
  skipped: string[];
}

/** The format of an artifact, judged by its content first and its name second. */
export type ArtifactFormat = "oslo-ini" | "yaml" | "unknown";

const YAML_NAME = /\.ya?ml$/i;
const INI_NAME = /\.(?:conf|ini|cfg)(?:[.-]sample)?$|[.-]sample$/i;
const SECTION_LINE = /^\[[^\]\n]+\]\s*$/;

/** Decides whether a file is oslo.config INI or YAML by looking at its first meaningful line. */
export function detectArtifactFormat(file: string, text: string): ArtifactFormat {
  const first = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== "" && !/^\s*[#;]/.test(line));
  if (YAML_NAME.test(file)) return "yaml";
  if (first !== undefined && SECTION_LINE.test(first)) return "oslo-ini";
  if (INI_NAME.test(file)) return "oslo-ini";
  if (first === undefined) return "unknown";
  return "yaml";
}

/**
 * Reads deployment artifacts (Kubernetes manifests, oslo.config files, compose, swarm and
 * kolla-ansible files) into facts per service. A file no reader understands is listed as
 * unrecognized, never dropped.
 */
export function extractArtifacts(files: readonly InputFile[], services: ServiceIndex): ExtractResult {
  const workloads: WorkloadFacts[] = [];
  const osloFiles: OsloFileFacts[] = [];
  const unrecognized: Unrecognized[] = [];
  const problems: Problem[] = [];
  const skipped: string[] = [];
  for (const input of files) {
    const read: FileRead = { workloads: [], osloFiles: [], unrecognized: [], problems: [] };
    readArtifact(input, services, read);
    problems.push(...read.problems);
    const error = read.problems.find((p) => p.severity === "error");
    if (error) {
      // A file that cannot be read whole is left out; the others are still assessed.
      skipped.push(input.file);
      unrecognized.push({
        file: input.file,
        line: error.line,
        kind: "file",
        name: input.file,
        reason: `skipped: ${error.message}`,
      });
      continue;
    }
    workloads.push(...read.workloads);
    osloFiles.push(...read.osloFiles);
    unrecognized.push(...read.unrecognized);
  }
  return { facts: mergeFacts(workloads, osloFiles), unrecognized: sortUnrecognized(unrecognized), problems, skipped };
}

/** What one file gave the readers. */
interface FileRead {
  workloads: WorkloadFacts[];
  osloFiles: OsloFileFacts[];
  unrecognized: Unrecognized[];
  problems: Problem[];
}

function readArtifact(input: InputFile, services: ServiceIndex, read: FileRead): void {
  const format = detectArtifactFormat(input.file, input.text);
  if (format === "oslo-ini") {
    const found = extractOsloFacts(input, services);
    read.problems.push(...found.problems);
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
  const { workloads, unrecognized, problems } = read;
  const parsed = parseYaml(original.text, original.file, "yaml11", { positions: true, lenient: true });
  if (!parsed.ok) {
    if (YAML_NAME.test(original.file)) problems.push(parsed.problem);
    else
      unrecognized.push({
        file: original.file,
        line: parsed.problem.line,
        kind: "file",
        name: original.file,
        reason: "not a Kubernetes manifest, compose file, kolla-ansible defaults file or oslo.config INI file",
      });
    return;
  }
  problems.push(...parsed.warnings);
  // Positions come from the text that was parsed, which lenient parsing may have re-indented.
  const input = { ...original, text: parsed.text };
  const k8sDocuments = parsed.documents.filter((d) => isKubernetesObject(d.value));
  let found = false;
  if (k8sDocuments.length > 0) {
    const k8s = extractK8sFacts(input, k8sDocuments, services);
    problems.push(...k8s.problems);
    if (k8s.problems.length > 0) return;
    workloads.push(...k8s.workloads);
    unrecognized.push(...k8s.unrecognized);
    found = k8s.workloads.length > 0 || k8s.unrecognized.length > 0;
  }
  for (const document of parsed.documents) {
    if (isKubernetesObject(document.value) || detectContainerFile(document.value) === undefined) continue;
    const compose = extractComposeFacts(input, document.value, document.index, services);
    workloads.push(...compose.workloads);
    unrecognized.push(...compose.unrecognized);
    found = true;
  }
  if (parsed.documents.length === 0) {
    unrecognized.push({ file: input.file, line: 1, kind: "file", name: input.file, reason: "the file is empty or holds only comments" });
    return;
  }
  if (!found) {
    unrecognized.push({
      file: input.file,
      line: 1,
      kind: k8sDocuments.length > 0 ? "kubernetes" : "file",
      name: input.file,
      reason:
        k8sDocuments.length > 0
          ? "holds Kubernetes objects but no workload (Deployment, StatefulSet, DaemonSet, Pod, Job, CronJob)"
          : "not a Kubernetes manifest, compose file, kolla-ansible defaults file or oslo.config INI file",
    });
  }
}

/** Which workload supplies a service's deployment facts: Kubernetes controllers, then a bare Pod, then container-file entries. */
const LONG_RUNNING_RANK: Record<string, number> = { StatefulSet: 0, DaemonSet: 0, Deployment: 0, Pod: 1 };

/**
 * Merges facts per service: the long-running workload's deployment (the first, in file order, of
 * the best-ranked kind; Jobs only listed), and oslo facts from every config file, later files
 * overriding earlier ones as oslo.config does with several `--config-file`s.
 */
function mergeFacts(workloads: readonly WorkloadFacts[], osloFiles: readonly OsloFileFacts[]): ArtifactFacts[] {
  const byService = new Map<string, ArtifactFacts>();
  const entry = (service: string): ArtifactFacts => {
    let facts = byService.get(service);
    if (!facts) {
      facts = { service, locations: {} };
      byService.set(service, facts);
    }
    return facts;
  };
  const rank = (d: DeploymentFacts) => LONG_RUNNING_RANK[d.kind] ?? 2;
  for (const workload of workloads) {
    const facts = entry(workload.service);
    const where = workload.locations["deployment.kind"];
    const ref: WorkloadRef = {
      kind: workload.deployment.kind,
      name: workload.deployment.name,
      file: where?.file ?? "",
      line: where?.line ?? 1,
    };
    if (workload.isJob) {
      facts.jobs = [...(facts.jobs ?? []), ref];
      continue;
    }
    const current = facts.deployment;
    if (current && rank(workload.deployment) >= rank(current)) {
      facts.otherWorkloads = [...(facts.otherWorkloads ?? []), ref];
      continue;
    }
    if (current) {
      const previous = facts.locations["deployment.kind"];
      facts.otherWorkloads = [
        ...(facts.otherWorkloads ?? []),
        { kind: current.kind, name: current.name, file: previous?.file ?? "", line: previous?.line ?? 1 },
      ];
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
      facts.oslo = { ...(facts.oslo ?? { files: [] }), ...values, files: [...(facts.oslo?.files ?? []), ...files] };
      Object.assign(facts.locations, file.locations);
    }
  }
  return [...byService.values()].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

function sortUnrecognized(list: readonly Unrecognized[]): Unrecognized[] {
  return [...list].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
}
