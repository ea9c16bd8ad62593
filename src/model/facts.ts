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

/**
 * How a workload is really deployed, from a Kubernetes manifest or a compose file. A fact the file
 * does not state is left out when the object is partial (a patch or a test assert), so rules that
 * need it give `unknown` rather than a verdict built on a default.
 */
export interface DeploymentFacts {
  /** Which reader produced these facts. */
  source: "kubernetes" | "compose" | "kolla-ansible";
  /** Deployment (also for an OpenShift DeploymentConfig), StatefulSet, DaemonSet, Pod, Job, CronJob, compose-service, swarm-service. */
  kind: string;
  /** The workload's name in its file. */
  name: string;
  /** The placement this deployment amounts to (`k8s-pinned`, `k8s-scheduled`, `poci`, `swarm`). */
  placement: string;
  /** True when the object is partial (no selector, a kustomize patch or a test assert): absent fields are unknown. */
  partial?: boolean;
  replicas?: number;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  privileged?: boolean;
  /** Linux capabilities any container adds (`NET_ADMIN`, `SYS_MODULE`), sorted; absent when the reader cannot tell. */
  capabilities?: string[];
  hostPaths?: string[];
  /** Host ports any container binds (`ports[].hostPort`), sorted. */
  hostPorts?: number[];
  /** True when nodeSelector, node affinity, nodeName or placement constraints tie it to hosts. */
  nodePinned?: boolean;
  graceSeconds?: number;
  preStop?: boolean;
  readinessProbe?: boolean;
  livenessProbe?: boolean;
  startupProbe?: boolean;
  /** True when a container's liveness probe is the same check, with the same timing, as its readiness probe. */
  livenessSameAsReadiness?: boolean;
  /** Seconds the probes allow a starting container before it is killed, when probes say. */
  startupBudgetSeconds?: number;
  /** True when a PodDisruptionBudget in the same namespace selects the pod template's labels. */
  hasPdb?: boolean;
  pdbMinAvailable?: number | string;
  pdbMaxUnavailable?: number | string;
  /** True when the selecting PodDisruptionBudget lets no pod be evicted, which blocks every node drain. */
  pdbAllowsNoDisruption?: boolean;
  /** True when pod anti-affinity keeps the workload's own pods apart by host or zone. */
  antiAffinity?: boolean;
  /** True when a topology spread constraint spreads the workload's own pods over hosts or zones. */
  topologySpread?: boolean;
  /** The StatefulSet's `serviceName`. */
  serviceName?: string;
  /** True when a headless Service named by the StatefulSet's `serviceName` exists in its namespace. */
  headlessService?: boolean;
  /** `RollingUpdate`, `Recreate` or `OnDelete`, as the controller states or defaults it. */
  updateStrategy?: string;
  /** How many pods a rolling update may take down at once (a count or a percentage). */
  updateMaxUnavailable?: number | string;
  /** A fixed hostname (compose `hostname:`), when one is set. */
  hostname?: string;
  restartPolicy?: string;
  image?: string;
  /** Every container image, in order. */
  images?: string[];
  /** Images pinned by neither a tag other than `latest` nor a digest. */
  unpinnedImages?: string[];
  /** True when every container's root filesystem is read-only. */
  readOnlyRootFilesystem?: boolean;
  /** True when configuration arrives through environment variables. */
  envConfig?: boolean;
  /** True when configuration arrives as mounted files (ConfigMap, Secret, bind mount). */
  configFiles?: boolean;
  logDriver?: string;
  healthcheck?: boolean;
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
