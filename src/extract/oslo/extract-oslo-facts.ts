import { isIP } from "node:net";
import { detachString } from "../../load/detach.js";
import type { InputFile } from "../../load/files.js";
import type { Problem } from "../../load/problem.js";
import type { AddressFact, OsloFacts, SourceLocation } from "../../model/facts.js";
import type { OsloFileFacts, ServiceIndex, Unrecognized } from "../artifact-facts.js";
import { hasJinja } from "../match-service.js";
import { type IniDocument, type IniValue, parseOsloIni, readIniValue } from "./parse-oslo-ini.js";
import { recognizeOsloConfig } from "./recognize-oslo-config.js";

/** Options that set a worker count, in the order they are looked for. */
const WORKER_OPTIONS: readonly [string, string][] = [
  ["DEFAULT", "api_workers"],
  ["DEFAULT", "osapi_compute_workers"],
  ["DEFAULT", "metadata_workers"],
  ["DEFAULT", "workers"],
  ["DEFAULT", "rpc_workers"],
  ["conductor", "workers"],
  ["scheduler", "workers"],
  ["api", "workers"],
  ["wsgi", "workers"],
];

/**
 * Reads one oslo.config file into facts for the services it configures, recognized by its sections
 * and options with its name as a hint (see `recognizeOsloConfig`).
 */
export function extractOsloFacts(
  input: InputFile,
  index: ServiceIndex,
): { facts?: OsloFileFacts; unrecognized?: Unrecognized; problems: Problem[] } {
  const parsed = parseOsloIni(input.text, input.file);
  const recognized = recognizeOsloConfig(parsed.document, input.file, index);
  if (!("via" in recognized)) {
    return {
      unrecognized: { file: input.file, line: 1, kind: "oslo-config", name: baseName(input.file), reason: recognized.reason },
      problems: parsed.problems,
    };
  }
  const { oslo, locations } = readOsloFacts(parsed.document, input.file);
  return { facts: { services: recognized.services, oslo, locations }, problems: parsed.problems };
}

/** True when text reads as an oslo.config file: its first meaningful line is a `[section]` header. */
export function looksLikeOsloConfig(text: string): boolean {
  for (const line of text.split(/\r\n|\n|\r/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    return /^\[[^\]]+\]$/.test(trimmed);
  }
  return false;
}

function baseName(file: string): string {
  return file.split("/").at(-1) ?? file;
}

/** The location of a config line: its own, or for a config inside a manifest (a ConfigMap key) the manifest's (`lineOf`). */
function lineLocator(file: string, lineOf?: (iniLine: number) => number): (line: number) => SourceLocation {
  return (line) => ({ file, line: lineOf ? lineOf(line) : line, column: 1 });
}

/** Reads the facts rules use from a parsed oslo.config document. */
export function readOsloFacts(
  document: IniDocument,
  file: string,
  place: { name?: string; line?: (iniLine: number) => number } = {},
): { oslo: OsloFacts; locations: Record<string, SourceLocation> } {
  const oslo: OsloFacts = { files: [place.name ?? file] };
  const located = lineLocator(file, place.line);
  const locations: Record<string, SourceLocation> = { oslo: located(1) };
  const at = (fact: string, value: IniValue) => {
    locations[`oslo.${fact}`] = located(value.line);
  };
  const read = (section: string, ...keys: string[]): IniValue | undefined => {
    for (const key of keys) {
      const found = readIniValue(document, section, key);
      if (found) return found;
    }
    return undefined;
  };

  const host = read("DEFAULT", "host");
  if (host) {
    oslo.host = host.value;
    at("host", host);
  }
  const myIp = read("DEFAULT", "my_ip");
  if (myIp) {
    oslo.myIp = myIp.value;
    oslo.myIpIsLiteral = isIpLiteral(myIp.value);
    at("myIp", myIp);
    at("myIpIsLiteral", myIp);
  }
  const grace = read("DEFAULT", "graceful_shutdown_timeout");
  const graceSeconds = grace ? parseInteger(grace.value) : undefined;
  if (grace && graceSeconds !== undefined) {
    oslo.gracefulShutdownTimeout = graceSeconds;
    at("gracefulShutdownTimeout", grace);
  }
  const stderr = read("DEFAULT", "use_stderr");
  const useStderr = stderr ? parseBoolean(stderr.value) : undefined;
  if (stderr && useStderr !== undefined) {
    oslo.useStderr = useStderr;
    at("useStderr", stderr);
  }
  const logFile = read("DEFAULT", "log_file", "logfile");
  if (logFile && logFile.value !== "") {
    oslo.logFile = logFile.value;
    at("logFile", logFile);
  }
  const logDir = read("DEFAULT", "log_dir", "logdir");
  if (logDir && logDir.value !== "") {
    oslo.logDir = logDir.value;
    at("logDir", logDir);
  }
  const transport = read("DEFAULT", "transport_url");
  if (transport && transport.value !== "") {
    oslo.transportHosts = readUrlHosts(transport.value);
    at("transportHosts", transport);
  }
  const database = read("database", "connection");
  if (database && database.value !== "") {
    oslo.databaseHosts = readUrlHosts(database.value);
    at("databaseHosts", database);
  }
  const memcache = read("cache", "memcache_servers") ?? read("keystone_authtoken", "memcached_servers", "memcache_servers");
  if (memcache && memcache.value !== "") {
    oslo.memcacheServers = readServerList(memcache.value);
    at("memcacheServers", memcache);
  }
  const durable = read("oslo_messaging_rabbit", "amqp_durable_queues");
  const durableValue = durable ? parseBoolean(durable.value) : undefined;
  if (durable && durableValue !== undefined) {
    oslo.amqpDurableQueues = durableValue;
    at("amqpDurableQueues", durable);
  }
  const quorum = read("oslo_messaging_rabbit", "rabbit_quorum_queue");
  const quorumValue = quorum ? parseBoolean(quorum.value) : undefined;
  if (quorum && quorumValue !== undefined) {
    oslo.rabbitQuorumQueue = quorumValue;
    at("rabbitQuorumQueue", quorum);
  }
  const listen = read("vnc", "server_listen", "vncserver_listen");
  if (listen) {
    oslo.vncServerListen = listen.value;
    at("vncServerListen", listen);
  }
  const proxyclient = read("vnc", "server_proxyclient_address", "vncserver_proxyclient_address");
  if (proxyclient) {
    oslo.vncServerProxyclientAddress = proxyclient.value;
    at("vncServerProxyclientAddress", proxyclient);
  }
  const inbound = read("libvirt", "live_migration_inbound_addr");
  if (inbound) {
    oslo.liveMigrationInboundAddr = inbound.value;
    at("liveMigrationInboundAddr", inbound);
  }
  const coordination = read("coordination", "backend_url");
  if (coordination && coordination.value !== "") {
    oslo.coordinationBackend = hasJinja(coordination.value)
      ? coordination.value
      : (coordination.value.split("://")[0] ?? coordination.value);
    at("coordinationBackend", coordination);
  }
  for (const [section, key] of WORKER_OPTIONS) {
    const workers = read(section, key);
    const count = workers ? parseInteger(workers.value) : undefined;
    if (workers && count !== undefined) {
      oslo.workers = count;
      at("workers", workers);
      break;
    }
  }
  return { oslo, locations };
}

/** True for an IPv4 or IPv6 literal (brackets allowed); a DNS name or a Jinja template is not one. */
export function isIpLiteral(value: string): boolean {
  if (hasJinja(value)) return false;
  const bare = value.startsWith("[") && value.endsWith("]") ? value.slice(1, -1) : value;
  return isIP(bare) !== 0;
}

/** The hosts of a URL with one or more `user:pass@host:port` parts separated by commas. */
export function readUrlHosts(url: string): AddressFact[] {
  if (hasJinja(url)) return [{ host: url, ipLiteral: false }];
  const scheme = url.indexOf("://");
  const rest = scheme >= 0 ? url.slice(scheme + 3) : url;
  const slash = rest.search(/[/?]/);
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  return authority
    .split(",")
    .map((part) => readHost(part.slice(part.lastIndexOf("@") + 1)))
    .filter((host): host is AddressFact => host !== undefined);
}

/** The hosts of a `host:port,host:port` list, as memcached options take them (`inet6:[::1]:11211` too). */
export function readServerList(value: string): AddressFact[] {
  if (hasJinja(value)) return [{ host: value, ipLiteral: false }];
  return value
    .split(",")
    .map((part) => readHost(part.trim().replace(/^inet6?:/, "")))
    .filter((host): host is AddressFact => host !== undefined);
}

/**
 * The host of a `host:port` part, detached: cut from the option's value, it would hold the whole
 * value (a URL with its credentials and path) until the run's facts are detached at the end of
 * reading, for every config of the run at once.
 */
function readHost(hostPort: string): AddressFact | undefined {
  const trimmed = hostPort.trim();
  if (trimmed === "") return undefined;
  if (trimmed.startsWith("[")) {
    const end = trimmed.indexOf("]");
    const host = detachString(end >= 0 ? trimmed.slice(1, end) : trimmed.slice(1));
    return { host, ipLiteral: isIP(host) !== 0 };
  }
  // An unbracketed IPv6 literal has several colons and no port.
  if (isIP(trimmed) === 6) return { host: detachString(trimmed), ipLiteral: true };
  const host = detachString(trimmed.split(":")[0] ?? trimmed);
  return { host, ipLiteral: isIpLiteral(host) };
}

/** An integer a double holds exactly; a longer one is no fact, not Infinity (which JSON writes as null). */
function parseInteger(value: string): number | undefined {
  if (!/^-?\d+$/.test(value.trim())) return undefined;
  const parsed = Number.parseInt(value.trim(), 10);
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}

/** oslo.config's boolean spellings (`oslo_config/types.py` Boolean). */
function parseBoolean(value: string): boolean | undefined {
  const lower = value.trim().toLowerCase();
  if (["true", "1", "on", "yes"].includes(lower)) return true;
  if (["false", "0", "off", "no"].includes(lower)) return false;
  return undefined;
}
