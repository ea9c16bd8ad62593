// The model's fixed words and numbers, free of zod: the assess path reads these without loading the
// schemas, which only validation needs. The schema modules build on them and export them again.
import type { ScoringSettings } from "./policy.js";
import { SEVERITIES } from "./severities.js";

export { SEVERITIES };

/** The apiVersion every blendcheck document carries. */
export const API_VERSION = "blendcheck/v1";

/** The one severity ordering: 0 for critical up to 4 for info, and after all of them for anything else. */
export function severityRank(severity: string): number {
  const index = SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);
  return index < 0 ? SEVERITIES.length : index;
}

/** The three scored dimensions. */
export const DIMENSIONS = ["twelve-factor", "ip-movement", "termination"] as const;

/** Placement events that expose a rule; each placement says how often each happens per month. */
export const TRIGGERS = [
  "restart",
  "config-change",
  "rolling-update",
  "reschedule",
  "ip-change",
  "hostname-change",
  "sigkill",
  "scale",
] as const;

/** The migration wave families a placement may belong to, in wave order. */
export const WAVE_FAMILIES = ["scheduled", "pinned", "fixed"] as const;

/** The facts of a placement's `spec`, which rules read as `placement.*`, in the schema's order. */
export const PLACEMENT_FACTS = [
  "scheduler",
  "ipStable",
  "hostnameStable",
  "movesBetweenHosts",
  "hostNetwork",
  "hostAccess",
  "graceSeconds",
  "restartsOnConfigChange",
  "serviceDiscovery",
  "overlapsReplacement",
  "stableDnsName",
  "stateFollowsInstance",
  "waveFamily",
  "events",
  "evidence",
] as const;

/** The version of the assessment JSON contract; bump it on any incompatible change. */
export const SCHEMA_VERSION = "3.0.0";

/** Every assessment schemaVersion ever published, oldest first. */
export const KNOWN_SCHEMA_VERSIONS = ["1.0.0", "2.0.0", SCHEMA_VERSION] as const;

export const FINDING_STATUSES = ["fail", "pass", "unknown", "not-applicable", "mitigated", "waived"] as const;
export const FIT_LEVELS = ["ready", "ready-with-mitigations", "needs-work", "not-fit", "unknown"] as const;

/** The answers to the two survival questions (does it survive IP movement, being killed mid-operation). */
export const SURVIVAL_ANSWERS = ["yes", "with-mitigations", "no", "unknown"] as const;

/**
 * The largest assessment JSON blendcheck writes and reads back, in UTF-8 bytes: the writer leaves
 * findings out rather than write a file its own reader refuses. The reader holds the file's bytes
 * whole while it parses them a piece at a time, so this bounds what reading one costs.
 */
export const MAX_ASSESSMENT_BYTES = 1024 * 1024 * 1024;

/** The scoring settings DESIGN §6 specifies: what the scoring schema gives an empty policy. */
export const DEFAULT_SCORING: ScoringSettings = {
  weights: { critical: 10, high: 5, medium: 3, low: 1, info: 0 },
  thresholds: { minConfidence: 0.6, ready: 90, readyWithMitigations: 75, needsWork: 50 },
  preference: ["k8s-scheduled", "k8s-statefulset", "k8s-pinned", "poci"],
  target: "k8s-scheduled",
};
