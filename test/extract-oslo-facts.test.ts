import { describe, expect, it } from "vitest";
import type { ServiceIndex } from "../src/extract/artifact-facts.js";
import { extractOsloFacts, isIpLiteral, looksLikeOsloConfig, readOsloFacts } from "../src/extract/oslo/extract-oslo-facts.js";
import { parseOsloIni } from "../src/extract/oslo/parse-oslo-ini.js";
import { collectUntilGone } from "./helpers/collect-garbage.js";

const INDEX: ServiceIndex = {
  names: new Map([
    ["nova-conductor", "nova-conductor"],
    ["nova-api", "nova-api"],
  ]),
  byProject: new Map([["nova", ["nova-api", "nova-conductor"]]]),
};

const FULL = `[DEFAULT]
host = compute-a
my_ip = 10.30.0.21
graceful_shutdown_timeout = 90
use_stderr = Yes
logfile = /var/log/nova/nova.log
logdir = /var/log/nova
transport_url = rabbit://u:p@rabbit-0:5672,u:p@10.0.0.2:5672/
osapi_compute_workers = 8
workers = 2
[database]
connection = mysql+pymysql://nova:pw@[fd00::5]:3306/nova
[cache]
memcache_servers = inet6:[::1]:11211, mc-1:11211
[oslo_messaging_rabbit]
amqp_durable_queues = off
rabbit_quorum_queue = 1
[vnc]
vncserver_listen = 0.0.0.0
server_proxyclient_address = 10.30.0.21
[libvirt]
live_migration_inbound_addr = compute-a.internal
[coordination]
backend_url = etcd3+http://etcd:2379
`;

const read = (text: string) => {
  const { oslo, locations } = readOsloFacts(parseOsloIni(text, "nova.conf").document, "nova.conf");
  return { oslo, lines: Object.fromEntries(Object.entries(locations).map(([fact, at]) => [fact, at.line])) };
};

describe("readOsloFacts", () => {
  it("reads every fact the rules use, with oslo.config's spellings, each at its own line", () => {
    const { oslo, lines } = read(FULL);
    expect(oslo).toEqual({
      files: ["nova.conf"],
      host: "compute-a",
      myIp: "10.30.0.21",
      myIpIsLiteral: true,
      gracefulShutdownTimeout: 90,
      useStderr: true,
      logFile: "/var/log/nova/nova.log",
      logDir: "/var/log/nova",
      transportHosts: [
        { host: "rabbit-0", ipLiteral: false },
        { host: "10.0.0.2", ipLiteral: true },
      ],
      databaseHosts: [{ host: "fd00::5", ipLiteral: true }],
      memcacheServers: [
        { host: "::1", ipLiteral: true },
        { host: "mc-1", ipLiteral: false },
      ],
      amqpDurableQueues: false,
      rabbitQuorumQueue: true,
      vncServerListen: "0.0.0.0",
      vncServerProxyclientAddress: "10.30.0.21",
      liveMigrationInboundAddr: "compute-a.internal",
      coordinationBackend: "etcd3+http",
      // osapi_compute_workers comes before workers in the order options are looked for.
      workers: 8,
    });
    expect(lines).toEqual({
      oslo: 1,
      "oslo.host": 2,
      "oslo.myIp": 3,
      "oslo.myIpIsLiteral": 3,
      "oslo.gracefulShutdownTimeout": 4,
      "oslo.useStderr": 5,
      "oslo.logFile": 6,
      "oslo.logDir": 7,
      "oslo.transportHosts": 8,
      "oslo.workers": 9,
      "oslo.databaseHosts": 12,
      "oslo.memcacheServers": 14,
      "oslo.amqpDurableQueues": 16,
      "oslo.rabbitQuorumQueue": 17,
      "oslo.vncServerListen": 19,
      "oslo.vncServerProxyclientAddress": 20,
      "oslo.liveMigrationInboundAddr": 22,
      "oslo.coordinationBackend": 24,
    });
  });

  it("leaves out what is empty, not a number, not a boolean or too large for a double", () => {
    const { oslo } = read(`[DEFAULT]
graceful_shutdown_timeout = soon
use_stderr = maybe
log_file =
log_dir =
transport_url =
api_workers = 99999999999999999999
rpc_workers = 4
[database]
connection =
[keystone_authtoken]
memcached_servers =
[oslo_messaging_rabbit]
amqp_durable_queues = sometimes
rabbit_quorum_queue = nope
[coordination]
backend_url =
`);
    expect(oslo).toEqual({ files: ["nova.conf"], workers: 4 });
  });

  it("reads keystone_authtoken's memcached servers, the newer vnc names, a templated backend and a named config", () => {
    const { oslo } = read(`[keystone_authtoken]
memcached_servers = mc-0:11211
[vnc]
server_listen = {{ api_interface_address }}
vncserver_proxyclient_address = 10.0.0.9
[coordination]
backend_url = {{ coordination_url }}
[conductor]
workers = 3
`);
    expect(oslo).toMatchObject({
      memcacheServers: [{ host: "mc-0", ipLiteral: false }],
      vncServerListen: "{{ api_interface_address }}",
      vncServerProxyclientAddress: "10.0.0.9",
      coordinationBackend: "{{ coordination_url }}",
      workers: 3,
    });
    const named = readOsloFacts(parseOsloIni("[DEFAULT]\nhost = a\n", "x").document, "k8s/cm.yaml", {
      name: "k8s/cm.yaml#ConfigMap/nova/nova.conf",
      line: (line) => line + 10,
    });
    expect(named.oslo.files).toEqual(["k8s/cm.yaml#ConfigMap/nova/nova.conf"]);
    expect(named.locations["oslo.host"]).toMatchObject({ file: "k8s/cm.yaml", line: 12, column: 1 });
    expect(named.locations.oslo).toMatchObject({ file: "k8s/cm.yaml", line: 11 });
  });
  it("lets the parsed config go once its facts are read, each citing its line in the manifest", async () => {
    // Parsed in a function of its own, so the test holds the document by a weak reference only.
    const { locations, parsed } = (() => {
      const { document } = parseOsloIni("[DEFAULT]\nhost = a\n[database]\nconnection = mysql://db/nova\n", "x");
      return { ...readOsloFacts(document, "k8s/cm.yaml", { line: (line) => line + 10 }), parsed: new WeakRef(document) };
    })();
    await collectUntilGone([parsed]);
    expect(parsed.deref()).toBeUndefined();
    expect(locations["oslo.databaseHosts"]).toEqual({ file: "k8s/cm.yaml", line: 14, column: 1 });
  });
});

describe("extractOsloFacts", () => {
  it("reads a recognized file for its services, and lists an unrecognized one at line 1 with the reason", () => {
    const known = extractOsloFacts({ file: "etc/nova/nova-conductor.conf", text: "[DEFAULT]\nhost = c\n" }, INDEX);
    expect(known.facts).toMatchObject({ services: ["nova-conductor"], oslo: { host: "c" } });
    expect(known.unrecognized).toBeUndefined();
    const unknown = extractOsloFacts({ file: "etc/app/app.conf", text: "[DEFAULT]\nx = 1\n" }, INDEX);
    expect(unknown.facts).toBeUndefined();
    expect(unknown.unrecognized).toEqual({
      file: "etc/app/app.conf",
      line: 1,
      kind: "oslo-config",
      name: "app.conf",
      reason: 'neither its name "app.conf" nor its sections and options identify a service of the catalog',
    });
  });
});

describe("looksLikeOsloConfig and isIpLiteral", () => {
  it("takes a text whose first meaningful line is a section header", () => {
    expect(looksLikeOsloConfig("# c\n; c\n\r\n[DEFAULT]\n")).toBe(true);
    expect(looksLikeOsloConfig("  [DEFAULT]  \nx=1")).toBe(true);
    expect(looksLikeOsloConfig("x = 1\n[DEFAULT]\n")).toBe(false);
    expect(looksLikeOsloConfig("[]\n")).toBe(false);
    expect(looksLikeOsloConfig("[a] b\n")).toBe(false);
    expect(looksLikeOsloConfig("")).toBe(false);
  });

  it("knows IPv4 and IPv6 literals, bracketed or not, and never a name or a template", () => {
    expect(isIpLiteral("10.0.0.1")).toBe(true);
    expect(isIpLiteral("[fd00::1]")).toBe(true);
    expect(isIpLiteral("fd00::1")).toBe(true);
    expect(isIpLiteral("[fd00::1")).toBe(false);
    expect(isIpLiteral("compute-a")).toBe(false);
    expect(isIpLiteral("{{ ip }}")).toBe(false);
  });
});
