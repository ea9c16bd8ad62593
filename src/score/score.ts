import type { Finding, FitLevel, PlacementResult, Scores } from "../model/assessment.js";
import { DIMENSIONS, type Severity } from "../model/common.js";
import type { PlacementEvents } from "../model/placement.js";
import type { ScoringSettings } from "../model/policy.js";

/**
 * Dimension score = round(100 × Σ weight of passes / Σ weight of passes and fails); null when no
 * rule with weight applies. Unknown, not-applicable and waived findings count on neither side.
 */
export function scoreDimension(findings: readonly Finding[], weights: ScoringSettings["weights"]): number | null {
  let passed = 0;
  let total = 0;
  for (const finding of findings) {
    const weight = weights[finding.severity];
    if (finding.status === "pass") {
      passed += weight;
      total += weight;
    } else if (finding.status === "fail") {
      total += weight;
    }
  }
  return total === 0 ? null : Math.round((100 * passed) / total);
}

/** The three dimension scores and their mean as overall (rounded), null where nothing applies. */
export function scoreFindings(findings: readonly Finding[], weights: ScoringSettings["weights"]): Scores {
  const dimensions = DIMENSIONS.map((d) =>
    scoreDimension(
      findings.filter((f) => f.dimension === d),
      weights,
    ),
  );
  const present = dimensions.filter((s): s is number => s !== null);
  const overall = present.length === 0 ? null : Math.round(present.reduce((a, b) => a + b, 0) / present.length);
  return {
    "twelve-factor": dimensions[0] ?? null,
    "ip-movement": dimensions[1] ?? null,
    termination: dimensions[2] ?? null,
    overall,
  };
}

/** Decided findings over decided plus unknown; 0 when nothing was decided or unknown. */
export function confidenceOf(findings: readonly Finding[]): number {
  let decided = 0;
  let unknown = 0;
  for (const f of findings) {
    if (f.status === "pass" || f.status === "fail" || f.status === "waived") decided++;
    else if (f.status === "unknown") unknown++;
  }
  const total = decided + unknown;
  return total === 0 ? 0 : Math.round((decided / total) * 1000) / 1000;
}

/**
 * The fit level, in the style of Google's fit assessment: unknown below the confidence threshold or
 * with no score; not-fit on a critical failure; ready at or above the ready threshold with no high
 * failure; then ready-with-mitigations, needs-work and not-fit by overall score.
 */
export function fitOf(
  scores: Scores,
  confidence: number,
  findings: readonly Finding[],
  thresholds: ScoringSettings["thresholds"],
): FitLevel {
  if (confidence < thresholds.minConfidence || scores.overall === null) return "unknown";
  const failing = (severity: Severity) => findings.some((f) => f.status === "fail" && f.severity === severity);
  if (failing("critical")) return "not-fit";
  if (scores.overall >= thresholds.ready && !failing("high")) return "ready";
  if (scores.overall >= thresholds.readyWithMitigations) return "ready-with-mitigations";
  if (scores.overall >= thresholds.needsWork) return "needs-work";
  return "not-fit";
}

/** Placement events per month that hit at least one failing rule (each trigger counted once). */
export function exposureOf(findings: readonly Finding[], events: PlacementEvents): number {
  const triggers = new Set(findings.filter((f) => f.status === "fail").map((f) => f.trigger));
  let total = 0;
  for (const trigger of triggers) total += events[trigger] ?? 0;
  return Math.round(total * 100) / 100;
}

/** Scores one (service, placement) from its findings. */
export function scorePlacement(
  placement: string,
  findings: readonly Finding[],
  events: PlacementEvents,
  settings: ScoringSettings,
  detected: boolean,
): PlacementResult {
  const scores = scoreFindings(findings, settings.weights);
  const confidence = confidenceOf(findings);
  const counts = { pass: 0, fail: 0, unknown: 0, "not-applicable": 0, mitigated: 0, waived: 0 };
  for (const f of findings) counts[f.status]++;
  return {
    placement,
    scores,
    fit: fitOf(scores, confidence, findings, settings.thresholds),
    fitWithMitigations: fitOf(scores, confidence, findings, settings.thresholds),
    plan: [],
    planEffort: 0,
    confidence,
    effort: findings.filter((f) => f.status === "fail").reduce((sum, f) => sum + f.effort, 0),
    exposurePerMonth: exposureOf(findings, events),
    counts,
    detected,
  };
}
