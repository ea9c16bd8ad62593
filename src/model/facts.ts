/**
 * Facts read from a user's deployment files. Rules see them as `service.deployment` and
 * `service.oslo`; a service with no artifact has neither, so deployment rules are not applicable.
 */

/** A position in an input file; lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** How a workload is really deployed, from a Kubernetes manifest or a compose file. */
export interface DeploymentFacts {
  /** Which reader produced these facts. */
  source: "kubernetes" | "compose" | "kolla-ansible";
  /** Deployment, StatefulSet, DaemonSet, Pod, Job, CronJob, compose-service, swarm-service. */
  kind: string;
  /** The workload's name in its file. */
  name: string;
  /** The placement this deployment amounts to (`k8s-pinned`, `k8s-scheduled`, `poci`, `swarm`). */
  placement: string;
  replicas?: number;
  hostNetwork: boolean;
  hostPID: boolean;
  hostIPC: boolean;
  privileged: boolean;
  /** Linux capabilities any container adds (`NET_ADMIN`, `SYS_MODULE`), sorted; absent when the reader cannot tell. */
  capabilities?: string[];
  hostPaths: string[];
  /** True when nodeSelector, node affinity, nodeName or placement constraints tie it to hosts. */
  nodePinned: boolean;
  graceSeconds?: number;
  preStop: boolean;
  readinessProbe: boolean;
  livenessProbe: boolean;
  startupProbe: boolean;
  /** Seconds the probes allow a starting container before it is killed, when probes say. */
  startupBudgetSeconds?: number;
  /** True when a PodDisruptionBudget selects the workload. */
  hasPdb: boolean;
  pdbMinAvailable?: number | string;
  pdbMaxUnavailable?: number | string;
  antiAffinity: boolean;
  /** True when a headless Service selects the StatefulSet. */
  headlessService: boolean;
  /** A fixed hostname (compose `hostname:`), when one is set. */
  hostname?: string;
  restartPolicy?: string;
  image?: string;
  /** True when configuration arrives through environment variables. */
  envConfig: boolean;
  /** True when configuration arrives as mounted files (ConfigMap, Secret, bind mount). */
  configFiles: boolean;
  logDriver?: string;
  healthcheck: boolean;
  /** True when the stop grace is set to a value the file states but cannot be resolved (a template). */
  graceTemplated?: boolean;
}

/** An address read from a config value: a host and whether it is an IP literal. */
export interface AddressFact {
  host: string;
  ipLiteral: boolean;
}

/** Values read from oslo.config files for one service. */
export interface OsloFacts {
  files: string[];
  host?: string;
  myIp?: string;
  myIpIsLiteral?: boolean;
  gracefulShutdownTimeout?: number;
  useStderr?: boolean;
  logFile?: string;
  logDir?: string;
  transportHosts?: AddressFact[];
  databaseHosts?: AddressFact[];
  memcacheServers?: AddressFact[];
  amqpDurableQueues?: boolean;
  rabbitQuorumQueue?: boolean;
  vncServerListen?: string;
  vncServerProxyclientAddress?: string;
  liveMigrationInboundAddr?: string;
  coordinationBackend?: string;
  workers?: number;
}
