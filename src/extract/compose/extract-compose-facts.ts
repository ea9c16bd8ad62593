import { appendAll } from "../../append-all.js";
import type { InputFile } from "../../load/files.js";
import { deferLocation, detachDocument, documentIn, locateIn } from "../../load/yaml.js";
import type { DeploymentFacts, SourceLocation } from "../../model/facts.js";
import type { ServiceIndex, Unrecognized, WorkloadFacts } from "../artifact-facts.js";
import { hasJinja, matchServiceLoosely, readCommandName, readImageName, resolveComposeVariables } from "../match-service.js";
import { isObject, type Obj } from "../read-path.js";

const DEFAULT_COMPOSE_GRACE_SECONDS = 10;

/** Keys only a compose service has; a top-level mapping of such entries is a compose v1 file. */
const COMPOSE_SERVICE_KEYS = ["image", "build", "net", "network_mode", "volumes_from", "container_name", "command", "environment"];

/** Which flavour of container file a YAML document is, if any. */
export type ContainerFileKind = "compose" | "swarm" | "kolla-ansible";

/** The compose services of a document (v2/v3 `services:`, or a v1 top-level map), if it is a compose file. */
function readComposeServices(value: unknown): { services: Obj; prefix: string[] } | undefined {
  if (!isObject(value)) return undefined;
  if (isObject(value.services) && Object.values(value.services).every(isObject) && Object.keys(value.services).length > 0) {
    return { services: value.services, prefix: ["services"] };
  }
  const entries = Object.values(value);
  if (entries.length > 0 && entries.every((e) => isObject(e) && COMPOSE_SERVICE_KEYS.some((k) => k in e))) {
    return { services: value, prefix: [] };
  }
  return undefined;
}

/** The `<project>_services` mappings of a kolla-ansible role defaults file. */
function readKollaServices(value: unknown): [string, Obj][] {
  if (!isObject(value)) return [];
  return Object.entries(value).filter(
    (entry): entry is [string, Obj] =>
      entry[0].endsWith("_services") &&
      isObject(entry[1]) &&
      Object.values(entry[1]).some((s) => isObject(s) && ("container_name" in s || "image" in s)),
  );
}

/** What kind of container file a YAML document is: compose, swarm stack, kolla-ansible defaults, or none. */
export function detectContainerFile(value: unknown): ContainerFileKind | undefined {
  if (readKollaServices(value).length > 0) return "kolla-ansible";
  const compose = readComposeServices(value);
  if (!compose) return undefined;
  return Object.values(compose.services).some((s) => isObject(s) && s.deploy !== undefined) ? "swarm" : "compose";
}

/**
 * Reads compose services (v1 with `net: host`, v2/v3, swarm stacks with `deploy:`) or kolla-ansible
 * `<project>_services` entries into deployment facts per service. Jinja2 values stay opaque strings.
 * An entry no catalog service matches is listed as unrecognized and read all the same, under its
 * own key, so the generic checks can assess it as they do a Kubernetes workload outside the catalog.
 */
export function extractComposeFacts(
  input: InputFile,
  value: unknown,
  docIndex: number,
  index: ServiceIndex,
): {
  workloads: WorkloadFacts[];
  /** Entries no catalog service matches, marked `generic`. */
  generic: WorkloadFacts[];
  unrecognized: Unrecognized[];
} {
  const kind = detectContainerFile(value);
  const workloads: WorkloadFacts[] = [];
  const generic: WorkloadFacts[] = [];
  const unrecognized: Unrecognized[] = [];
  // A service entry points at its key (`keystone:`), a fact at its value.
  // The closures hold this document's own lines, not the file's text.
  const source = detachDocument(documentIn(input.text, docIndex));
  const where = (path: (string | number)[], preferKey = false): SourceLocation =>
    deferLocation(input.file, () => locateIn(source, path, { preferKey }));
  const entries: [string[], string, Obj][] = [];
  if (kind === "kolla-ansible") {
    for (const [mapping, services] of readKollaServices(value)) {
      for (const [key, service] of Object.entries(services)) if (isObject(service)) entries.push([[mapping, key], key, service]);
    }
  } else {
    const compose = readComposeServices(value);
    for (const [key, service] of Object.entries(compose?.services ?? {}))
      if (isObject(service)) entries.push([[...(compose?.prefix ?? []), key], key, service]);
  }
  const topLevel = isObject(value) ? value : {};
  for (const [path, key, service] of entries) {
    const containerName = stringOf(service.container_name) ?? stringOf(service.name);
    const image = stringOf(service.image);
    // An image given by a variable falls back to its default, then to the key and the command.
    const imageName = image ? readImageName(resolveComposeVariables(image)) : undefined;
    const match = matchServiceLoosely(
      [key, containerName, imageName, readCommandName(service.command), readCommandName(service.entrypoint)],
      index,
    );
    const entryKind = kind === "kolla-ansible" ? "kolla-service" : kind === "swarm" ? "swarm-service" : "compose-service";
    if (!match) {
      unrecognized.push({
        file: input.file,
        line: where(path, true).line,
        kind: entryKind,
        name: key,
        reason: `no service in the catalog matches its key, container name${image ? ` or image ${JSON.stringify(image)}` : ""}`,
      });
    }
    (match ? workloads : generic).push({
      service: match?.service ?? key,
      ...(match ? {} : { generic: true }),
      isJob: false,
      ...(kind === "kolla-ansible"
        ? readKollaService(service, path, topLevel, where)
        : readComposeService(service, path, kind === "swarm", where)),
    });
  }
  return { workloads, generic, unrecognized };
}

/** Starts a service's location map: the workload itself, and a recorder for each fact's key. */
function recordLocations(path: string[], where: (path: (string | number)[], preferKey?: boolean) => SourceLocation) {
  const locations: Record<string, SourceLocation> = {};
  const at = (fact: string, key: (string | number)[]) => {
    locations[`deployment.${fact}`] = where([...path, ...key]);
  };
  locations.deployment = where(path, true);
  locations["deployment.kind"] = where(path, true);
  locations["deployment.placement"] = where(path, true);
  return { locations, at };
}

function readComposeService(
  service: Obj,
  path: string[],
  swarm: boolean,
  where: (path: (string | number)[], preferKey?: boolean) => SourceLocation,
): { deployment: DeploymentFacts; locations: Record<string, SourceLocation> } {
  const { locations, at } = recordLocations(path, where);
  const networkKey = service.network_mode !== undefined ? "network_mode" : "net";
  const hostNetwork = service[networkKey] === "host";
  if (service[networkKey] !== undefined) at("hostNetwork", [networkKey]);
  const hostPID = service.pid === "host";
  if (service.pid !== undefined) at("hostPID", ["pid"]);
  const hostIPC = service.ipc === "host";
  if (service.ipc !== undefined) at("hostIPC", ["ipc"]);
  const privileged = service.privileged === true;
  if (service.privileged !== undefined) at("privileged", ["privileged"]);
  const capabilities = readCapabilities(service.cap_add);
  if (service.cap_add !== undefined) at("capabilities", ["cap_add"]);
  const { hostPaths, configFiles } = readVolumes(service.volumes);
  if (Array.isArray(service.volumes)) {
    at("hostPaths", ["volumes"]);
    at("configFiles", ["volumes"]);
  }
  const deploy = isObject(service.deploy) ? service.deploy : {};
  const placement = isObject(deploy.placement) ? deploy.placement : {};
  const constraints = Array.isArray(placement.constraints) ? placement.constraints : [];
  if (constraints.length > 0) at("nodePinned", ["deploy", "placement", "constraints"]);
  const graceText = stringOf(service.stop_grace_period);
  // Compose waits 10 s after SIGTERM when stop_grace_period is unset
  // (https://docs.docker.com/reference/compose-file/services/#stop_grace_period).
  const graceSeconds = graceText !== undefined ? parseDuration(graceText) : DEFAULT_COMPOSE_GRACE_SECONDS;
  if (service.stop_grace_period !== undefined) at("graceSeconds", ["stop_grace_period"]);
  else locations["deployment.graceSeconds"] = where(path, true);
  const restartPolicy = isObject(deploy.restart_policy) ? stringOf(deploy.restart_policy.condition) : stringOf(service.restart);
  if (restartPolicy !== undefined) at("restartPolicy", isObject(deploy.restart_policy) ? ["deploy", "restart_policy"] : ["restart"]);
  const healthcheck = isObject(service.healthcheck) && service.healthcheck.disable !== true;
  if (service.healthcheck !== undefined) at("healthcheck", ["healthcheck"]);
  const logDriver = isObject(service.logging) ? stringOf(service.logging.driver) : stringOf(service.log_driver);
  if (logDriver !== undefined) at("logDriver", isObject(service.logging) ? ["logging", "driver"] : ["log_driver"]);
  const hostname = stringOf(service.hostname);
  if (hostname !== undefined) at("hostname", ["hostname"]);
  const replicas = typeof deploy.replicas === "number" ? deploy.replicas : undefined;
  if (replicas !== undefined) at("replicas", ["deploy", "replicas"]);
  const envConfig = service.environment !== undefined || service.env_file !== undefined;
  if (envConfig) at("envConfig", [service.environment !== undefined ? "environment" : "env_file"]);
  const image = stringOf(service.image);
  const deployment: DeploymentFacts = {
    source: "compose",
    kind: swarm ? "swarm-service" : "compose-service",
    name: path.at(-1) ?? "",
    placement: swarm ? "swarm" : "poci",
    ...(replicas !== undefined ? { replicas } : {}),
    hostNetwork,
    hostPID,
    hostIPC,
    privileged,
    capabilities,
    hostPaths,
    nodePinned: constraints.length > 0,
    ...(graceSeconds !== undefined ? { graceSeconds } : {}),
    ...(graceText !== undefined && graceSeconds === undefined ? { graceTemplated: true } : {}),
    preStop: false,
    readinessProbe: false,
    livenessProbe: false,
    startupProbe: false,
    hasPdb: false,
    antiAffinity: false,
    headlessService: false,
    ...(hostname !== undefined ? { hostname } : {}),
    ...(restartPolicy !== undefined ? { restartPolicy } : {}),
    ...(image !== undefined ? { image } : {}),
    envConfig,
    configFiles: configFiles || service.configs !== undefined,
    ...(logDriver !== undefined ? { logDriver } : {}),
    healthcheck,
  };
  return { deployment, locations };
}

function readKollaService(
  service: Obj,
  path: string[],
  topLevel: Obj,
  where: (path: (string | number)[], preferKey?: boolean) => SourceLocation,
): { deployment: DeploymentFacts; locations: Record<string, SourceLocation> } {
  const { locations, at } = recordLocations(path, where);
  // kolla-ansible starts every container with network_mode host
  // (openstack/kolla-ansible ansible/module_utils/kolla_docker_worker.py).
  locations["deployment.hostNetwork"] = where(path, true);
  const privileged = service.privileged === true;
  if (service.privileged !== undefined) at("privileged", ["privileged"]);
  const hostIPC = service.ipc_mode === "host";
  if (service.ipc_mode !== undefined) at("hostIPC", ["ipc_mode"]);
  const hostPID = service.pid_mode === "host";
  if (service.pid_mode !== undefined) at("hostPID", ["pid_mode"]);
  const volumes = resolveKollaList(service.volumes, topLevel);
  const { hostPaths, configFiles } = readVolumes(volumes);
  if (service.volumes !== undefined) {
    at("hostPaths", ["volumes"]);
    at("configFiles", ["volumes"]);
  }
  const healthcheck = service.healthcheck !== undefined;
  if (healthcheck) at("healthcheck", ["healthcheck"]);
  const image = stringOf(service.image);
  const containerName = stringOf(service.container_name);
  const name = containerName !== undefined && !hasJinja(containerName) ? containerName : (path.at(-1) ?? "");
  const deployment: DeploymentFacts = {
    source: "kolla-ansible",
    kind: "kolla-service",
    name,
    placement: "poci",
    hostNetwork: true,
    hostPID,
    hostIPC,
    privileged,
    hostPaths,
    nodePinned: false,
    preStop: false,
    readinessProbe: false,
    livenessProbe: false,
    startupProbe: false,
    hasPdb: false,
    antiAffinity: false,
    headlessService: false,
    ...(image !== undefined ? { image } : {}),
    envConfig: service.environment !== undefined,
    configFiles,
    healthcheck,
  };
  return { deployment, locations };
}

/**
 * Expands a kolla volumes value: a list as is, or `{{ a + b + lookup(…) }}` into the lists the
 * same file defines for `a` and `b`; anything else stays unresolved (never evaluated).
 */
function resolveKollaList(value: unknown, topLevel: Obj): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value !== "string") return [];
  const expression = /^\s*\{\{(.*)\}\}\s*$/s.exec(value)?.[1];
  if (expression === undefined) return [];
  const resolved: unknown[] = [];
  for (const term of expression.split("+")) {
    const name = term.trim();
    const list = /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? topLevel[name] : undefined;
    if (Array.isArray(list)) appendAll(resolved, list);
  }
  return resolved;
}

/** Host paths of bind mounts (`/host:/container[:mode]` or long syntax), and whether any carries config. */
function readVolumes(volumes: unknown): { hostPaths: string[]; configFiles: boolean } {
  const hostPaths: string[] = [];
  let configFiles = false;
  for (const volume of Array.isArray(volumes) ? volumes : []) {
    let source: string | undefined;
    let target: string | undefined;
    if (typeof volume === "string") {
      const parts = volume.split(":");
      if (parts.length >= 2) {
        source = parts[0];
        target = parts[1];
      }
    } else if (isObject(volume) && (volume.type === "bind" || volume.type === undefined)) {
      source = stringOf(volume.source);
      target = stringOf(volume.target);
    }
    if (source === undefined) continue;
    if (
      target !== undefined &&
      (target.startsWith("/etc") || target.includes("config_files") || target.includes("container_config_directory"))
    )
      configFiles = true;
    if (source.startsWith("/") || source.startsWith("./") || source.startsWith("~")) hostPaths.push(source);
    else if (hasJinja(source) && source.includes("config_directory")) configFiles = true;
  }
  return { hostPaths, configFiles };
}

/** Seconds in a compose duration (`1m30s`, `10s`, `90`), or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001 };
  const pattern = /(\d+(?:\.\d+)?)(h|ms|us|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of trimmed.matchAll(pattern)) {
    total += Number(match[1]) * (units[match[2] as string] as number);
    consumed += match[0].length;
  }
  return consumed === trimmed.length && consumed > 0 ? total : undefined;
}

function readCapabilities(value: unknown): string[] {
  const list = Array.isArray(value) ? value.filter((c): c is string => typeof c === "string") : [];
  return [...new Set(list.map((c) => c.toUpperCase().replace(/^CAP_/, "")))].sort();
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
}
