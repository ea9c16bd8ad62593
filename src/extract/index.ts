import type { InputFile } from "../load/files.js";
import type { Problem } from "../load/problem.js";
import type { DeploymentFacts, OsloFacts, SourceLocation } from "../model/facts.js";

/** What the readers need to know about the catalog to map workloads to services. */
export interface ServiceIndex {
  /** Every service name and alias, lower-case, to the service name it stands for. */
  names: ReadonlyMap<string, string>;
  /** Service names by project (`nova` → nova-api, nova-compute, …), for tying config files to services. */
  byProject: ReadonlyMap<string, readonly string[]>;
}

/** Facts about one service read from the user's files. */
export interface ArtifactFacts {
  service: string;
  deployment?: DeploymentFacts;
  oslo?: OsloFacts;
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
}

/**
 * Reads deployment artifacts (Kubernetes manifests, oslo.config files, compose files) into facts
 * per service. A file no reader understands is listed as unrecognized, never dropped.
 */
export function extractArtifacts(files: readonly InputFile[], _services: ServiceIndex): ExtractResult {
  return {
    facts: [],
    unrecognized: files.map((f) => ({
      file: f.file,
      line: 1,
      kind: "file",
      name: f.file,
      reason: "no reader recognises this file's format",
    })),
    problems: [],
  };
}
