import type { ArtifactFacts } from "../extract/index.js";
import { placementOverridesFrom } from "../extract/placement-overrides.js";
import type { Loaded } from "../load/documents.js";
import { locatePath } from "../load/yaml.js";
import type { SourceLocation } from "../model/facts.js";
import type { Placement } from "../model/placement.js";
import type { ServiceProfile } from "../model/profile.js";
import { type CelMap, type CelValue, toCelValue } from "./cel.js";

/** One service as the rules see it: its facts, and where each fact came from. */
export interface ServiceSubject {
  name: string;
  /** The catalog profile; absent for a `generic` workload, which no catalog service matches. */
  profile?: Loaded<ServiceProfile>;
  /** True when the profile is one of the user's files, so findings may cite its lines. */
  profileIsUsers?: boolean;
  /** True for a workload no catalog service matches: only checks that need no service knowledge decide. */
  generic?: boolean;
  /** True for a Job or CronJob: only checks that read its manifest concern it. */
  job?: boolean;
  /** The plain facts (`service.*` in CEL). */
  facts: Record<string, unknown>;
  /** The same facts converted for CEL. */
  cel: CelMap;
  artifact?: ArtifactFacts;
  /** The placement the artifacts show it really runs under, if any. */
  detectedPlacement?: string;
}

/** One placement as the rules see it for one service: defaults, with that service's overrides. */
export interface PlacementSubject {
  name: string;
  title: string;
  facts: Record<string, unknown>;
  cel: CelMap;
  /** True when artifact values replaced some defaults. */
  detected: boolean;
  placement: Placement;
}

/**
 * Builds a service's facts: the profile's spec, then artifact facts on top (DESIGN §3, §7): a
 * config that pins `host` pins the identity; a configured `graceful_shutdown_timeout` is the time
 * the service needs; logging options decide where logs go.
 */
export function buildServiceSubject(
  profile: Loaded<ServiceProfile>,
  artifact?: ArtifactFacts,
  about: Pick<ServiceSubject, "profileIsUsers" | "job"> = {},
): ServiceSubject {
  const { metadata, spec } = profile.value;
  const { evidence: _evidence, ...facts } = spec;
  // Shallow: the profile's objects are shared by every workload of the service (oslo overrides copy what they change), which lets evaluation reuse verdicts.
  const view: Record<string, unknown> = { name: metadata.name, project: metadata.project, ...facts };
  if (artifact?.deployment) view.deployment = artifact.deployment;
  if (artifact?.oslo) {
    view.oslo = artifact.oslo;
    applyOsloOverrides(view, artifact);
  }
  return withCel(
    {
      name: metadata.name,
      profile,
      ...about,
      facts: view,
      ...(artifact ? { artifact } : {}),
      ...(artifact?.deployment ? { detectedPlacement: artifact.deployment.placement } : {}),
    },
    () => toSharedCel(view, facts),
  );
}

/**
 * The subject with its facts converted for CEL when `cel` is first read, and kept from then on. A
 * workload whose findings are those of a class decided before is never evaluated, and never
 * converted.
 */
function withCel(subject: Omit<ServiceSubject, "cel">, convert: () => CelMap): ServiceSubject {
  let cel: CelMap | undefined;
  return Object.defineProperty(subject, "cel", {
    enumerable: true,
    get: () => {
      cel ??= convert();
      return cel;
    },
  }) as ServiceSubject;
}

/** The profile name a workload outside the catalog is assessed under. */
export const GENERIC_SERVICE = "generic";

/**
 * Builds the subject of a workload no catalog service matches: its own name, the project `generic`,
 * and only what its files say. The profile knows nothing about the service, so no host access is
 * assumed to be needed, which is the Kubernetes Pod Security Standards baseline
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 */
export function buildGenericSubject(artifact: ArtifactFacts, job = false): ServiceSubject {
  const view: Record<string, unknown> = { name: artifact.service, project: GENERIC_SERVICE };
  if (artifact.deployment) view.deployment = artifact.deployment;
  if (artifact.oslo) view.oslo = artifact.oslo;
  return withCel(
    {
      name: artifact.service,
      generic: true,
      ...(job ? { job } : {}),
      facts: view,
      artifact,
      ...(artifact.deployment ? { detectedPlacement: artifact.deployment.placement } : {}),
    },
    () => toCelValue(view) as CelMap,
  );
}

const celOfObject = new WeakMap<object, CelValue>();

/**
 * Converts a fact view for CEL, converting each top-level object it shares with `shared` (the
 * profile's spec) once. A workload's own objects are converted afresh: its deployment outlives its
 * subject in the service's result, and a copy kept for it would too.
 */
function toSharedCel(view: Record<string, unknown>, shared: Record<string, unknown>): CelMap {
  const out: Record<string, CelValue> = {};
  for (const [key, value] of Object.entries(view)) {
    if (value === undefined) continue;
    const sharedObject = typeof value === "object" && value !== null && shared[key] === value;
    let cel = sharedObject ? celOfObject.get(value) : undefined;
    if (cel === undefined) {
      cel = toCelValue(value);
      if (sharedObject) celOfObject.set(value, cel);
    }
    Object.defineProperty(out, key, { value: cel, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function applyOsloOverrides(view: Record<string, unknown>, artifact: ArtifactFacts): void {
  const oslo = artifact.oslo;
  if (!oslo) return;
  if (oslo.host !== undefined && view.identity && typeof view.identity === "object") {
    view.identity = { ...(view.identity as Record<string, unknown>), pinnedBy: "[DEFAULT] host", pinnedValue: oslo.host };
  }
  if (oslo.gracefulShutdownTimeout !== undefined) {
    view.process = { ...((view.process ?? {}) as Record<string, unknown>), shutdownSeconds: oslo.gracefulShutdownTimeout };
  }
  if (oslo.logFile !== undefined || oslo.logDir !== undefined || oslo.useStderr !== undefined) {
    const logging = { ...((view.logging ?? {}) as Record<string, unknown>) };
    // oslo.log adds a stderr stream whenever use_stderr is true, with or without a log file.
    logging.default = oslo.useStderr ? "stderr" : oslo.logFile !== undefined || oslo.logDir !== undefined ? "file" : "stdout";
    view.logging = logging;
  }
}

/**
 * Builds a placement's facts for one service. When the service's artifacts show it runs under this
 * placement, their values replace the defaults (a StatefulSet keeps its hostname; a manifest's
 * `terminationGracePeriodSeconds` is the grace).
 */
export function buildPlacementSubject(placement: Placement, service?: ServiceSubject): PlacementSubject {
  const deployment = service?.artifact?.deployment;
  const detected = deployment !== undefined && deployment.placement === placement.metadata.name;
  if (detected) return placementSubjectOf(placement, placementOverridesFrom(deployment));
  // Without a detected deployment every service sees the same facts: built once per placement, read-only after.
  let shared = sharedPlacementSubjects.get(placement);
  if (!shared) {
    shared = placementSubjectOf(placement, undefined);
    sharedPlacementSubjects.set(placement, shared);
  }
  return shared;
}

/** The subject of each placement that no detected deployment changes; subjects are never written to. */
const sharedPlacementSubjects = new WeakMap<Placement, PlacementSubject>();

function placementSubjectOf(placement: Placement, overrides: Record<string, unknown> | undefined): PlacementSubject {
  const { evidence: _evidence, ...spec } = placement.spec;
  const facts: Record<string, unknown> = { name: placement.metadata.name, title: placement.metadata.title, ...structuredClone(spec) };
  const detected = overrides !== undefined;
  if (overrides) Object.assign(facts, overrides);
  return { name: placement.metadata.name, title: placement.metadata.title, facts, cel: toCelValue(facts) as CelMap, detected, placement };
}

/**
 * True when the placement's facts can cite a place (`locateFacts`): it was detected from the
 * workload, whose manifest set them, or it comes from the user's own file. Under any other
 * placement a rule cites only what its service facts do.
 */
export function placementCitesFacts(placement: PlacementSubject, placementFile: Loaded<Placement> | undefined): boolean {
  return placement.detected || placementFile !== undefined;
}

/**
 * Where the facts a rule read came from: artifact `file:line` first, else the line of the fact in
 * the profile or placement file.
 */
export function locateFacts(
  reads: readonly string[],
  service: ServiceSubject,
  placement: PlacementSubject,
  placementFile?: Loaded<Placement>,
): SourceLocation[] {
  // A rule reads a few facts: each place once, in the order found, told apart by comparing rather than by a key string.
  const found: SourceLocation[] = [];
  const add = (location: SourceLocation) => {
    if (!found.some((l) => l.line === location.line && l.column === location.column && l.file === location.file)) found.push(location);
  };
  for (const read of reads) {
    const { root, rest, artifactKeys } = readPlaceOf(read);
    if (root === "service") {
      const artifactLocation = findArtifactLocation(artifactKeys, service.artifact);
      if (artifactLocation) {
        add(artifactLocation);
        continue;
      }
      if (rest[0] === "deployment" || rest[0] === "oslo" || !service.profile || !service.profileIsUsers) continue;
      const path = rest[0] === "name" || rest[0] === "project" ? ["metadata", rest[0]] : ["spec", ...rest];
      const { line, column } = locatePath(service.profile.text, service.profile.docIndex, path);
      add({ file: service.profile.file, line, column });
    } else if (root === "placement" && placement.detected && artifactKeys.length > 0) {
      const artifactLocation = findArtifactLocation(artifactKeys, service.artifact);
      if (artifactLocation) add(artifactLocation);
    } else if (root === "placement" && placementFile) {
      const path = rest[0] === "name" || rest[0] === "title" ? ["metadata", rest[0]] : ["spec", ...rest];
      const { line, column } = locatePath(placementFile.text, placementFile.docIndex, path);
      add({ file: placementFile.file, line, column });
    }
  }
  return found;
}

/** Placement facts an artifact can override, and the deployment fact that overrides each. */
const PLACEMENT_FACT_SOURCES: Record<string, string> = {
  graceSeconds: "graceSeconds",
  hostnameStable: "kind",
  hostNetwork: "hostNetwork",
  ipStable: "hostNetwork",
};

/** A fact read split at its root, and the keys an artifact may locate it under. */
interface ReadPlace {
  root: string;
  /** The path below the root. */
  rest: readonly string[];
  /**
   * The artifact facts that locate it, dotted, longest first: for a service fact, itself and each
   * fact above it; for a placement fact a detected deployment overrides, the deployment fact that
   * does and the one above it; none for other placement facts.
   */
  artifactKeys: readonly string[];
}

/**
 * Each fact read, split once: locating runs for every finding a workload's facts decide, and the
 * reads are the rules' own, a few hundred strings. Its keys are built once too, so an artifact's
 * table is asked with strings whose hash is known.
 */
const readPlaces = new Map<string, ReadPlace>();

function readPlaceOf(read: string): ReadPlace {
  let place = readPlaces.get(read);
  if (!place) {
    const [root = "", ...rest] = read.split(".");
    const source = root === "placement" && rest[0] ? PLACEMENT_FACT_SOURCES[rest[0]] : undefined;
    const artifactKeys = root !== "placement" ? prefixKeys(rest) : source ? prefixKeys(["deployment", source]) : [];
    place = { root, rest, artifactKeys };
    readPlaces.set(read, place);
  }
  return place;
}

/** The artifact facts that can locate a fact read (`service.deployment.replicas`), longest first, as `locateFacts` asks for them. */
export function artifactKeysOf(read: string): readonly string[] {
  return readPlaceOf(read).artifactKeys;
}

/** `path` and each of its prefixes, dotted, longest first. */
function prefixKeys(path: readonly string[]): string[] {
  return path.map((_, i) => path.slice(0, path.length - i).join("."));
}

function findArtifactLocation(keys: readonly string[], artifact?: ArtifactFacts): SourceLocation | undefined {
  if (!artifact) return undefined;
  for (const key of keys) {
    const location = artifact.locations[key];
    if (location) return location;
  }
  return undefined;
}
