import { z } from "zod";
import { apiVersionSchema, evidenceSchema, kebabNameSchema } from "./common.js";

/** What a service does in the estate. */
export const ROLES = [
  "api",
  "scheduler",
  "conductor",
  "worker",
  "engine",
  "agent",
  "proxy",
  "console",
  "dashboard",
  "database",
  "messaging",
  "cache",
  "coordination",
  "hypervisor",
  "network-dataplane",
  "storage",
  "health-monitor",
  "housekeeping",
] as const;

const seconds = z.number().nonnegative();

const processSchema = z
  .strictObject({
    runtime: z
      .enum(["oslo.service", "uwsgi", "apache-mod-wsgi", "eventlet-wsgi", "native", "erlang", "python"])
      .optional()
      .describe("What runs the process: an oslo.service daemon, a WSGI server, a native binary, the Erlang VM."),
    startSeconds: seconds.optional().describe("Typical seconds from container start to serving."),
    sigterm: z
      .enum(["graceful", "immediate", "reload", "ignored"])
      .optional()
      .describe(
        "What SIGTERM does: `graceful` drains in-flight work, `immediate` exits at once, `reload` restarts workers (uWSGI without die-on-term), `ignored` does nothing.",
      ),
    shutdownSeconds: seconds.optional().describe("Seconds the service needs (or is configured to take) for a graceful shutdown."),
    shutdownOption: z.string().optional().describe("The option that sets the shutdown time, as `[section] option`."),
    concurrency: z
      .enum(["horizontal", "single-active", "one-per-host", "one-per-backend", "clustered"])
      .optional()
      .describe("How it scales: any number of replicas, one active, one per host, one per storage backend, or a fixed cluster."),
    workersOption: z.string().optional().describe("The option that sets the number of worker processes."),
    rpc: z
      .strictObject({
        consumer: z.boolean().describe("True when it consumes oslo.messaging RPC."),
        ackBeforeDispatch: z.boolean().optional().describe("True when a message is acknowledged before it is dispatched (at-most-once)."),
        queueKeyedBy: z
          .enum(["hostname", "topic", "none"])
          .optional()
          .describe("What its server queue name is built from (`<topic>.<host>` is keyed by hostname)."),
      })
      .optional(),
    sideProcesses: z
      .array(
        z.strictObject({
          name: z.string().describe("The process, such as `qemu`, `dnsmasq`, `keepalived`, `haproxy`."),
          diesWithContainer: z.boolean().describe("True when stopping the container kills it (and what it serves)."),
          outlivesContainer: z.boolean().optional().describe("True when it keeps running after the container is gone."),
          impact: z.string().optional().describe("What users lose while it is gone."),
        }),
      )
      .optional()
      .describe("Processes it spawns that serve users on their own."),
  })
  .describe("Process model and shutdown behaviour.");

const configSchema = z
  .strictObject({
    files: z.array(z.string()).optional().describe("Config files it reads, such as `nova.conf`."),
    format: z.enum(["oslo.config", "paste-ini", "python", "erlang", "my.cnf", "native"]).optional().describe("The config syntax."),
    envOverride: z
      .boolean()
      .optional()
      .describe("True when every option can be set from the environment (oslo.config `OS_<GROUP>__<OPT>`)."),
    hostSpecific: z.array(z.string()).optional().describe("Options whose value must differ per host, such as `[DEFAULT] my_ip`."),
    reloadOnSighup: z.boolean().optional().describe("True when SIGHUP reloads mutable options."),
  })
  .describe("Configuration sources.");

const loggingSchema = z
  .strictObject({
    default: z.enum(["stdout", "stderr", "file", "journald", "syslog"]).describe("Where logs go with upstream defaults."),
    option: z.string().optional().describe("The option that moves logs to a stream, such as `[DEFAULT] use_stderr`."),
    streamCapable: z.boolean().optional().describe("True when it can log to stdout or stderr."),
  })
  .describe("Logging.");

const stateSchema = z
  .strictObject({
    kind: z.enum(["none", "database", "host-path", "volume", "kernel", "memory", "shared-secret"]).describe("Where the state lives."),
    path: z.string().optional().describe("Path or table, where it has one."),
    what: z.string().optional().describe("What the state is."),
    mustSurviveRestart: z.boolean().describe("True when losing it on restart breaks the service."),
    scope: z
      .enum(["process", "host", "cluster", "external"])
      .optional()
      .describe("Who shares it: one process, one host, the cluster's members, or an external service."),
    mustBeShared: z
      .boolean()
      .optional()
      .describe(
        "True when every replica must see the same value (user sessions, invalidations); false when each process may keep its own copy (a cache it rebuilds from an authoritative store).",
      ),
  })
  .describe("One piece of state the service keeps.");

const addressingSchema = z
  .enum(["ip-literal", "hostname", "dns-name", "service-vip", "discovered"])
  .describe("How the address is written: an IP literal, a host name, a DNS name, a stable virtual IP, or discovered at run time.");

const networkSchema = z
  .strictObject({
    ports: z
      .array(
        z.strictObject({
          port: z.number().int().min(1).max(65535),
          name: z.string().optional(),
          protocol: z.enum(["tcp", "udp", "sctp"]).optional(),
        }),
      )
      .optional()
      .describe("Ports it listens on."),
    bindsOwnPort: z
      .boolean()
      .optional()
      .describe("True when the service itself binds its port (12-factor VII); false when a host web server must be configured for it."),
    hostNetwork: z.boolean().optional().describe("True when it must run in the host's network namespace."),
    advertises: z
      .array(
        z.strictObject({
          what: z.string().describe("What is advertised, such as the VNC proxy client address."),
          option: z.string().optional().describe("The option that sets it."),
          addressing: addressingSchema,
          persisted: z
            .boolean()
            .optional()
            .describe(
              "True when others store it (a database row, a guest's XML, an amphora's config) so a new address is not seen until they are updated.",
            ),
        }),
      )
      .optional()
      .describe("Addresses it tells others to reach it at."),
    peers: z
      .array(
        z.strictObject({
          name: z.string().describe("The peer group, such as the Galera cluster or the memcached servers."),
          option: z.string().optional().describe("The option that lists them."),
          addressing: addressingSchema,
        }),
      )
      .optional()
      .describe("Other instances or backing services it is configured to reach by address."),
    attachments: z
      .array(
        z.strictObject({
          network: z.string().min(1).describe("The network, such as Octavia's `lb-mgmt-net`."),
          why: z.string().min(1).describe("What the service does on it, such as reaching the amphora agents."),
          providedBy: z
            .enum(["host-interface", "secondary-network", "pod-network"])
            .describe(
              "How an instance gets onto it: an interface plugged on each host (reached through the host's network namespace), a secondary pod network (a Multus attachment), or routes from the pod network.",
            ),
        }),
      )
      .optional()
      .describe("Networks besides its own pod or host network that the service must have an interface on."),
  })
  .describe("Network needs and addressing.");

const identitySchema = z
  .strictObject({
    source: z.enum(["hostname", "ip", "generated-id", "config", "none"]).describe("What its identity is derived from by default."),
    keyedBy: z.string().optional().describe("What record is keyed by it, such as the `services` row (host, binary)."),
    pinnedBy: z.string().optional().describe("The option that pins the identity regardless of hostname, such as `[DEFAULT] host`."),
    registers: z
      .array(
        z.enum([
          "service-record",
          "agent",
          "rabbit-node",
          "ovn-chassis",
          "raft-member",
          "hash-ring",
          "ring-device",
          "cluster-member",
          "resource-provider",
        ]),
      )
      .optional()
      .describe("The records it registers under that identity."),
    renameSafe: z.boolean().optional().describe("True when it tolerates a new identity (old records cleaned or harmless)."),
    cleanedAutomatically: z
      .boolean()
      .optional()
      .describe("True when something deletes the stale records a rename leaves without an operator (a periodic cleaner job)."),
    cleanup: z.string().optional().describe("What removes stale records, such as `nova-manage service delete`."),
  })
  .describe("Service identity.");

const hostSchema = z
  .strictObject({
    privileged: z.boolean().optional().describe("True when it needs a privileged container."),
    namespaces: z
      .array(z.enum(["net", "pid", "ipc", "uts", "cgroup", "mount"]))
      .optional()
      .describe("Host namespaces it must share."),
    mounts: z
      .array(
        z.strictObject({
          path: z.string(),
          why: z.string().optional(),
          propagation: z.enum(["none", "HostToContainer", "Bidirectional"]).optional(),
        }),
      )
      .optional()
      .describe("Host paths it mounts."),
    devices: z.array(z.string()).optional().describe("Host devices it needs, such as `/dev/kvm`."),
    kernelModules: z.array(z.string()).optional().describe("Kernel modules it loads or needs."),
    kernelState: z
      .array(
        z.strictObject({
          kind: z.string().describe("The host state, such as `ovs-flows`, `network-namespaces`, `iscsi-sessions`, `tap-devices`."),
          outlivesContainer: z.boolean().describe("True when it stays on the host after the container stops."),
          cleanedOnRestart: z.boolean().optional().describe("True when the service reconciles it when it starts again."),
        }),
      )
      .optional()
      .describe("Kernel or host state it creates."),
  })
  .describe("What it needs from the host.");

const coordinationSchema = z
  .strictObject({
    locks: z.enum(["none", "file", "tooz-distributed", "database", "process"]).describe("What kind of locks guard its critical sections."),
    option: z.string().optional().describe("The option that selects the backend, such as `[coordination] backend_url`."),
    crossHostExclusion: z.boolean().optional().describe("True when the locks exclude other hosts or pods, not only local processes."),
  })
  .describe("Locks and coordination.");

const clusterSchema = z
  .strictObject({
    quorum: z.boolean().describe("True when the members need a majority to keep serving."),
    members: z.number().int().positive().optional().describe("Typical member count."),
    bootstrap: z.string().optional().describe("What a full restart needs, such as Galera's safe_to_bootstrap."),
    membershipBy: addressingSchema.optional(),
  })
  .describe("Clustering.");

const operationSchema = z
  .strictObject({
    name: kebabNameSchema.describe("The operation, kebab-case (`instance-build`)."),
    description: z.string().optional(),
    typicalSeconds: seconds.optional().describe("How long it usually takes."),
    interruption: z
      .enum(["stuck", "retried", "rolled-back", "resumed", "lost", "harmless", "errored"])
      .describe(
        "What an interruption leaves: stuck in a transitional state, retried, rolled back, resumed, lost without trace, harmless, or set to an error state.",
      ),
    recovery: z
      .enum(["on-restart", "periodic", "manual", "none"])
      .describe("How it is recovered: when the service starts again, by a periodic task, by an operator, or not at all."),
    recoveryKeyedBy: z
      .enum(["hostname", "service-id", "none"])
      .optional()
      .describe("What the recovery finds its work by; a hostname-keyed recovery misses work left by an older hostname."),
    leaves: z.string().optional().describe("The resource state left behind, such as `volume attaching`."),
  })
  .describe("A long operation and what an interruption leaves.");

const adminProcessSchema = z.strictObject({
  name: z.string().describe("Such as `db sync`."),
  command: z.string().optional(),
  oneOff: z.boolean().describe("True when it runs as a one-off process (a Job), not inside the long-running service."),
});

const upgradeSchema = z
  .strictObject({
    rolling: z.boolean().optional().describe("True when mixed versions may run together during an upgrade."),
    dbMigration: z.enum(["expand-contract", "offline", "online", "none"]).optional().describe("How schema migrations run."),
    stopsAllFirst: z
      .boolean()
      .optional()
      .describe(
        "True when the deployment stops every old instance before the new release starts (a Recreate update), so releases never mix; a deployment's choice, set by a mitigation or an artifact.",
      ),
    notes: z.string().optional(),
  })
  .describe("Upgrade support.");

/** The `spec` of a ServiceProfile: what is known, with unknowns left out. */
export const profileSpecSchema = z.strictObject({
  role: z.enum(ROLES).describe("What the service does."),
  uses: z
    .array(kebabNameSchema)
    .optional()
    .describe(
      "Libraries (`kind: Library`) whose facts this service inherits; its own facts win, objects merge key by key, its arrays replace theirs.",
    ),
  variant: z.string().optional().describe("Which backend, driver or release this profile describes, when behaviour differs."),
  process: processSchema.optional(),
  config: configSchema.optional(),
  logging: loggingSchema.optional(),
  state: z.array(stateSchema).optional().describe("State it keeps; `[{kind: none}]` for a stateless service."),
  network: networkSchema.optional(),
  identity: identitySchema.optional(),
  host: hostSchema.optional(),
  coordination: coordinationSchema.optional(),
  cluster: clusterSchema.optional(),
  dependencies: z.array(z.string()).optional().describe("Services it needs, by profile name."),
  operations: z.array(operationSchema).optional().describe("Long operations and what interrupting them leaves."),
  adminProcesses: z.array(adminProcessSchema).optional().describe("Administrative tasks and how they run."),
  upgrade: upgradeSchema.optional(),
  evidence: z.array(evidenceSchema).describe("The source of each non-obvious fact."),
});

/** A ServiceProfile: what is known about one OpenStack or infrastructure service. */
export const serviceProfileSchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal("ServiceProfile"),
    metadata: z.strictObject({
      name: kebabNameSchema.describe("The service name, such as `nova-compute`."),
      project: z.string().min(1).describe("The project it belongs to, such as `nova`."),
      releases: z.array(z.string()).optional().describe("OpenStack releases it describes, such as `2026.1`."),
      description: z.string().optional(),
      aliases: z
        .array(z.string())
        .optional()
        .describe("Other names it goes by in manifests and images (`nova-compute-libvirt`, `neutron-ovs-agent`)."),
    }),
    spec: profileSpecSchema,
  })
  .describe("What is known about one service, with the evidence for each fact.");

export type ServiceProfile = z.infer<typeof serviceProfileSchema>;
export type ProfileSpec = z.infer<typeof profileSpecSchema>;
export type Role = (typeof ROLES)[number];
