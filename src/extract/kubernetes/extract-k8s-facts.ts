import type { InputFile } from "../../load/files.js";
import type { Problem } from "../../load/problem.js";
import { locatePath, type YamlDocument } from "../../load/yaml.js";
import type { DeploymentFacts, SourceLocation } from "../../model/facts.js";
import type { ServiceIndex, Unrecognized } from "../index.js";
import { matchService, readCommandName, readImageName } from "../match-service.js";

/** Deployment facts for one workload mapped to a service, with where each fact sits. */
export interface WorkloadFacts {
  service: string;
  deployment: DeploymentFacts;
  locations: Record<string, SourceLocation>;
  /** True for Jobs and CronJobs, which run to completion and never describe the long-running service. */
  isJob: boolean;
}

const DEFAULT_K8S_GRACE_SECONDS = 30;

const CONTROLLER_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "Pod", "Job", "CronJob"]);

type Obj = Record<string, unknown>;
type Path = (string | number)[];

/** One Kubernetes object with where it sits: document index and path inside the document. */
interface Located {
  value: Obj;
  docIndex: number;
  path: Path;
}

/** True when a YAML document looks like a Kubernetes object (`apiVersion` and `kind`). */
export function isKubernetesObject(value: unknown): boolean {
  return isObj(value) && typeof value.apiVersion === "string" && typeof value.kind === "string";
}

/**
 * Reads workloads from the documents of a Kubernetes manifest (multi-document, `List` kinds, helm
 * or kustomize output) into deployment facts per service; PodDisruptionBudgets and headless
 * Services in the same file are matched to the workloads they select.
 */
export function extractK8sFacts(
  input: InputFile,
  documents: readonly YamlDocument[],
  index: ServiceIndex,
): { workloads: WorkloadFacts[]; unrecognized: Unrecognized[]; problems: Problem[] } {
  const objects: Located[] = [];
  for (const document of documents) {
    const flat = flattenList(document.value, document.index, MAX_OBJECTS_PER_FILE - objects.length);
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
      return { workloads: [], unrecognized: [], problems: [problem] };
    }
    objects.push(...flat.objects);
  }
  const pdbs = objects.filter((o) => o.value.kind === "PodDisruptionBudget");
  const headless = objects.filter((o) => o.value.kind === "Service" && isObj(o.value.spec) && o.value.spec.clusterIP === "None");
  const workloads: WorkloadFacts[] = [];
  const unrecognized: Unrecognized[] = [];
  const where = (o: Located, path: Path): SourceLocation => ({
    file: input.file,
    ...locatePath(input.text, o.docIndex, [...o.path, ...path]),
  });

  for (const object of objects) {
    const kind = String(object.value.kind);
    if (!WORKLOAD_KINDS.has(kind)) continue;
    const name = readName(object.value);
    const podPath = podSpecPath(kind);
    const podSpec = readPath(object.value, podPath);
    const line = where(object, ["kind"]).line;
    // apps/v1 controllers require a selector; one without is a strategic-merge patch, not a workload.
    const isPatch = CONTROLLER_KINDS.has(kind) && readPath(object.value, ["spec", "selector"]) === undefined;
    if (isPatch || !isObj(podSpec) || !Array.isArray(podSpec.containers)) {
      unrecognized.push({
        file: input.file,
        line,
        kind,
        name,
        reason: isPatch
          ? "has no spec.selector, so it is a partial object (a kustomize patch), not a workload; no deployment facts"
          : "has no pod template with containers (a partial object such as a kustomize patch?), so no deployment facts",
      });
      continue;
    }
    const labels = readLabels(object.value, kind);
    const containers = podSpec.containers.filter(isObj);
    const match = matchService(
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
    if (!match) {
      unrecognized.push({
        file: input.file,
        line,
        kind,
        name,
        reason: `no service in the catalog matches its labels (${describeLabels(labels)}), name, container names, images or commands`,
      });
      continue;
    }
    workloads.push({
      service: match.service,
      isJob: kind === "Job" || kind === "CronJob",
      ...readWorkload(object, podPath, podSpec, labels, pdbs, headless, where),
    });
  }
  return { workloads, unrecognized, problems: [] };
}

function readWorkload(
  object: Located,
  podPath: Path,
  podSpec: Obj,
  labels: Record<string, string>,
  pdbs: readonly Located[],
  headless: readonly Located[],
  where: (o: Located, path: Path) => SourceLocation,
): { deployment: DeploymentFacts; locations: Record<string, SourceLocation> } {
  const kind = String(object.value.kind);
  const locations: Record<string, SourceLocation> = {};
  const at = (fact: string, path: Path) => {
    locations[`deployment.${fact}`] = where(object, path);
  };
  at("kind", ["kind"]);
  locations.deployment = locations["deployment.kind"] as SourceLocation;
  at("name", ["metadata", "name"]);
  at("placement", ["kind"]);

  const containerLists: [string, Obj[]][] = [
    ["containers", (podSpec.containers as unknown[]).filter(isObj)],
    ["initContainers", Array.isArray(podSpec.initContainers) ? podSpec.initContainers.filter(isObj) : []],
  ];
  const hostNetwork = podSpec.hostNetwork === true;
  if (podSpec.hostNetwork !== undefined) at("hostNetwork", [...podPath, "hostNetwork"]);
  const hostPID = podSpec.hostPID === true;
  if (podSpec.hostPID !== undefined) at("hostPID", [...podPath, "hostPID"]);
  const hostIPC = podSpec.hostIPC === true;
  if (podSpec.hostIPC !== undefined) at("hostIPC", [...podPath, "hostIPC"]);

  let privileged = false;
  const capabilities = new Set<string>();
  let preStop = false;
  let envConfig = false;
  let configFiles = false;
  const probes = { readinessProbe: false, livenessProbe: false, startupProbe: false };
  let budget: number | undefined;
  for (const [listName, list] of containerLists) {
    for (const [i, container] of list.entries()) {
      const base = [...podPath, listName, i];
      const security = isObj(container.securityContext) ? container.securityContext : {};
      if (security.privileged === true && !privileged) {
        privileged = true;
        at("privileged", [...base, "securityContext", "privileged"]);
      }
      const added = isObj(security.capabilities) && Array.isArray(security.capabilities.add) ? security.capabilities.add : [];
      for (const capability of added) {
        if (typeof capability !== "string") continue;
        if (capabilities.size === 0) at("capabilities", [...base, "securityContext", "capabilities", "add"]);
        capabilities.add(capability.toUpperCase().replace(/^CAP_/, ""));
      }
      if (listName !== "containers") continue;
      if (isObj(container.lifecycle) && container.lifecycle.preStop !== undefined && !preStop) {
        preStop = true;
        at("preStop", [...base, "lifecycle", "preStop"]);
      }
      for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"] as const) {
        if (container[probe] !== undefined && !probes[probe]) {
          probes[probe] = true;
          at(probe, [...base, probe]);
        }
      }
      const guard = isObj(container.startupProbe)
        ? container.startupProbe
        : isObj(container.livenessProbe)
          ? container.livenessProbe
          : undefined;
      if (guard && budget === undefined) {
        // Kubernetes defaults: initialDelaySeconds 0, periodSeconds 10, failureThreshold 3.
        const delay = numberOr(guard.initialDelaySeconds, 0);
        const period = numberOr(guard.periodSeconds, 10);
        const failures = numberOr(guard.failureThreshold, 3);
        budget = delay + period * failures;
        at("startupBudgetSeconds", [...base, isObj(container.startupProbe) ? "startupProbe" : "livenessProbe"]);
      }
      if ((Array.isArray(container.env) && container.env.length > 0) || Array.isArray(container.envFrom)) {
        if (!envConfig) at("envConfig", [...base, Array.isArray(container.env) ? "env" : "envFrom"]);
        envConfig = true;
      }
    }
  }

  const hostPaths: string[] = [];
  const volumes = Array.isArray(podSpec.volumes) ? podSpec.volumes : [];
  for (const [i, volume] of volumes.entries()) {
    if (!isObj(volume)) continue;
    if (isObj(volume.hostPath) && typeof volume.hostPath.path === "string") {
      if (hostPaths.length === 0) at("hostPaths", [...podPath, "volumes", i, "hostPath"]);
      hostPaths.push(volume.hostPath.path);
    }
    if ((volume.configMap !== undefined || volume.secret !== undefined || volume.projected !== undefined) && !configFiles) {
      configFiles = true;
      at("configFiles", [...podPath, "volumes", i]);
    }
  }

  const affinity = isObj(podSpec.affinity) ? podSpec.affinity : {};
  let nodePinned = false;
  for (const [key, path] of [
    ["nodeSelector", [...podPath, "nodeSelector"]],
    ["nodeName", [...podPath, "nodeName"]],
    ["nodeAffinity", [...podPath, "affinity", "nodeAffinity"]],
  ] as const) {
    const value = key === "nodeAffinity" ? affinity.nodeAffinity : podSpec[key];
    if (value !== undefined && value !== null && !(isObj(value) && Object.keys(value).length === 0) && !nodePinned) {
      nodePinned = true;
      at("nodePinned", [...path]);
    }
  }
  const antiAffinity = affinity.podAntiAffinity !== undefined;
  if (antiAffinity) at("antiAffinity", [...podPath, "affinity", "podAntiAffinity"]);

  // Kubernetes gives a pod 30 s after SIGTERM when terminationGracePeriodSeconds is unset
  // (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
  const grace = podSpec.terminationGracePeriodSeconds ?? DEFAULT_K8S_GRACE_SECONDS;
  at("graceSeconds", podSpec.terminationGracePeriodSeconds !== undefined ? [...podPath, "terminationGracePeriodSeconds"] : podPath);

  const spec = isObj(object.value.spec) ? object.value.spec : {};
  const replicas = typeof spec.replicas === "number" ? spec.replicas : undefined;
  if (replicas !== undefined) at("replicas", ["spec", "replicas"]);

  const namespace = readNamespace(object.value);
  const pdb = pdbs.find((p) => readNamespace(p.value) === namespace && selects(readPath(p.value, ["spec", "selector"]), labels));
  const pdbSpec = pdb && isObj(pdb.value.spec) ? pdb.value.spec : {};
  if (pdb) {
    locations["deployment.hasPdb"] = where(pdb, ["kind"]);
    if (pdbSpec.minAvailable !== undefined) locations["deployment.pdbMinAvailable"] = where(pdb, ["spec", "minAvailable"]);
    if (pdbSpec.maxUnavailable !== undefined) locations["deployment.pdbMaxUnavailable"] = where(pdb, ["spec", "maxUnavailable"]);
  }
  const service =
    kind === "StatefulSet"
      ? headless.find((s) => readNamespace(s.value) === namespace && selectsLabels(readPath(s.value, ["spec", "selector"]), labels))
      : undefined;
  if (service) locations["deployment.headlessService"] = where(service, ["spec", "clusterIP"]);

  const firstImage = (podSpec.containers as unknown[]).filter(isObj).find((c) => typeof c.image === "string")?.image as string | undefined;
  const placement = kind === "DaemonSet" || (hostNetwork && nodePinned) ? "k8s-pinned" : "k8s-scheduled";
  const restartPolicy = typeof podSpec.restartPolicy === "string" ? podSpec.restartPolicy : undefined;
  const deployment: DeploymentFacts = {
    source: "kubernetes",
    kind,
    name: readName(object.value),
    placement,
    ...(replicas !== undefined ? { replicas } : {}),
    hostNetwork,
    hostPID,
    hostIPC,
    privileged,
    capabilities: [...capabilities].sort(),
    hostPaths,
    nodePinned,
    ...(typeof grace === "number" ? { graceSeconds: grace } : {}),
    ...(typeof grace === "string" ? { graceTemplated: true } : {}),
    preStop,
    ...probes,
    ...(budget !== undefined ? { startupBudgetSeconds: budget } : {}),
    hasPdb: pdb !== undefined,
    ...(pdbSpec.minAvailable !== undefined ? { pdbMinAvailable: pdbSpec.minAvailable as number | string } : {}),
    ...(pdbSpec.maxUnavailable !== undefined ? { pdbMaxUnavailable: pdbSpec.maxUnavailable as number | string } : {}),
    antiAffinity,
    headlessService: service !== undefined,
    ...(restartPolicy ? { restartPolicy } : {}),
    ...(firstImage ? { image: firstImage } : {}),
    envConfig,
    configFiles,
    healthcheck: probes.livenessProbe || probes.readinessProbe || probes.startupProbe,
  };
  return { deployment, locations };
}

/** The most Kubernetes objects one file may hold once `List` items are expanded (aliases can multiply them). */
export const MAX_OBJECTS_PER_FILE = 2000;

/**
 * The objects of one document with `List` kinds expanded, breadth first without recursion; stops
 * and returns the List that passed the limit when the expansion holds more than `limit` objects.
 */
function flattenList(value: unknown, docIndex: number, limit: number): { objects: Located[]; overflow: boolean } {
  const objects: Located[] = [];
  const queue: Located[] = isObj(value) ? [{ value, docIndex, path: [] }] : [];
  for (let next = 0; next < queue.length; next++) {
    const item = queue[next] as Located;
    if (typeof item.value.kind !== "string") continue;
    if (!item.value.kind.endsWith("List") || !Array.isArray(item.value.items)) {
      objects.push(item);
      continue;
    }
    for (const [i, child] of item.value.items.entries()) {
      if (!isObj(child)) continue;
      if (objects.length + queue.length - next > limit) return { objects, overflow: true };
      queue.push({ value: child, docIndex, path: [...item.path, "items", i] });
    }
  }
  return { objects, overflow: false };
}

function podSpecPath(kind: string): Path {
  if (kind === "Pod") return ["spec"];
  if (kind === "CronJob") return ["spec", "jobTemplate", "spec", "template", "spec"];
  return ["spec", "template", "spec"];
}

function readLabels(object: Obj, kind: string): Record<string, string> {
  const templatePath =
    kind === "Pod"
      ? ["metadata", "labels"]
      : kind === "CronJob"
        ? ["spec", "jobTemplate", "spec", "template", "metadata", "labels"]
        : ["spec", "template", "metadata", "labels"];
  const labels: Record<string, string> = {};
  for (const source of [readPath(object, ["metadata", "labels"]), readPath(object, templatePath)]) {
    if (!isObj(source)) continue;
    for (const [k, v] of Object.entries(source)) if (typeof v === "string") labels[k] = v;
  }
  return labels;
}

function describeLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k}=${v}`).join(", ");
}

/** True when a label selector (`matchLabels`/`matchExpressions` In/Exists) selects the labels. */
function selects(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObj(selector)) return false;
  const matchLabels = isObj(selector.matchLabels) ? selector.matchLabels : {};
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObj) : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
  if (!selectsLabels(matchLabels, labels)) return false;
  return expressions.every((e) => {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    if (e.operator === "In") return labels[key] !== undefined && values.includes(labels[key]);
    if (e.operator === "NotIn") return labels[key] === undefined || !values.includes(labels[key]);
    if (e.operator === "Exists") return labels[key] !== undefined;
    if (e.operator === "DoesNotExist") return labels[key] === undefined;
    return false;
  });
}

/** True when every key of a plain label map (a Service selector) equals the pod's label. */
function selectsLabels(selector: unknown, labels: Record<string, string>): boolean {
  if (!isObj(selector)) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === String(v));
}

function readName(object: Obj): string {
  const name = readPath(object, ["metadata", "name"]);
  return typeof name === "string" ? name : "(unnamed)";
}

function readNamespace(object: Obj): string {
  const namespace = readPath(object, ["metadata", "namespace"]);
  return typeof namespace === "string" ? namespace : "";
}

function readPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObj(current) && !Array.isArray(current)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
