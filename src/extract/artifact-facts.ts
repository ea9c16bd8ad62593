/**
 * Types the artifact readers share with each other and with the engine, in a module of their own so
 * that the readers never import the module that calls them.
 */
import type { Problem } from "../load/problem.js";
import type { DeploymentFacts, OsloFacts, SourceLocation } from "../model/facts.js";

/** What the readers need to know about the catalog to map workloads to services. */
export interface ServiceIndex {
  /** Every service name and alias, lower-case, to the service name it stands for. */
  names: ReadonlyMap<string, string>;
  /** Service names by project (`nova` → nova-api, nova-compute, …), for tying config files to services. */
  byProject: ReadonlyMap<string, readonly string[]>;
  /** Service names by role (`messaging` → rabbitmq), for container files that name a backing service by its role. */
  byRole?: ReadonlyMap<string, readonly string[]>;
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

/** Deployment facts for one workload mapped to a service, with where each fact sits. */
export interface WorkloadFacts {
  service: string;
  deployment: DeploymentFacts;
  locations: Record<string, SourceLocation>;
  /** True for Jobs and CronJobs, which run to completion and never describe the long-running service. */
  isJob: boolean;
}

/** Oslo facts read from one config file (or one ConfigMap key), the services it configures, and where each fact sits. */
export interface OsloFileFacts {
  services: string[];
  oslo: OsloFacts;
  locations: Record<string, SourceLocation>;
}
