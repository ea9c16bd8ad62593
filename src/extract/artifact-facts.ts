/**
 * Types the artifact readers share with each other and with the engine, in a module of their own so
 * that the readers never import the module that calls them.
 */
import { detachString } from "../load/detach.js";
import type { Problem } from "../load/problem.js";
import type { DeploymentFacts, OsloFacts, SourceLocation } from "../model/facts.js";
import { placeOf } from "./packed-places.js";

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
  /** Every workload, each with its own facts (catalog services and `generic` ones), in file order. */
  workloads: WorkloadArtifact[];
}

/** Deployment facts for one workload mapped to a service, with where each fact sits. */
export interface WorkloadFacts {
  service: string;
  deployment: DeploymentFacts;
  locations: Record<string, SourceLocation>;
  /** True for Jobs and CronJobs, which run to completion and never describe the long-running service. */
  isJob: boolean;
  /** The Kubernetes namespace (`default` when unset); absent for container files. */
  namespace?: string;
  /** True when no catalog service matches it: `service` is then the workload's own name. */
  generic?: boolean;
}

/** Oslo facts read from one config file (or one ConfigMap key), the services it configures, and where each fact sits. */
export interface OsloFileFacts {
  services: string[];
  oslo: OsloFacts;
  locations: Record<string, SourceLocation>;
  /** The namespace of the ConfigMap or Secret that holds it; absent for a file of its own. */
  namespace?: string;
  /** The workloads that mount it (their `workloadKeyOf`), when the manifests show the link. */
  mountedBy?: string[];
}

/** One workload of the user's files with its own facts: the unit a run over artifacts assesses. */
export interface WorkloadArtifact {
  /** The catalog service it maps to; absent for a workload no catalog service matches (assessed as `generic`). */
  service?: string;
  workload: { kind: string; namespace: string; name: string; file: string; line: number };
  /** Its deployment facts, with the oslo facts of the configs tied to it. */
  facts: ArtifactFacts;
  /** True for Jobs and CronJobs, which are assessed only for the checks that read the manifest. */
  isJob: boolean;
}

/** A key naming one workload across the readers: where its `kind` sits. */
export function workloadKeyOf(workload: { locations: Record<string, SourceLocation> }): string {
  const at = placeOf(workload, "deployment.kind");
  // One flat string: a config holds the keys of the workloads that mount it to the end of reading.
  return at ? detachString(`${at.file}:${at.line}:${at.column}`) : "";
}
