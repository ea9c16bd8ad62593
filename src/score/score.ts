import type { Finding, FindingStatus, FitLevel, PlacementResult, PlanStep, Scores } from "../model/assessment.js";
import type { Dimension, Severity } from "../model/common.js";
import { DIMENSIONS, severityRank } from "../model/constants.js";
import type { PlacementEvents } from "../model/placement.js";
import type { ScoringSettings } from "../model/policy.js";

/** What scoring needs to know of a rule beyond its finding: whether it blocks, and its mechanism. */
export interface RuleScoring {
  blocking: boolean;
  mechanism?: string;
}

/** Rule id → blocking and mechanism; a rule missing from it neither blocks nor shares a mechanism. */
export type RuleScoringIndex = ReadonlyMap<string, RuleScoring>;

const NO_RULES: RuleScoringIndex = new Map();

/** How a `mitigated` finding counts: as the failure it is as-is, or as the pass it becomes with the plan. */
export type MitigatedAs = "fail" | "pass";

/** The status a finding counts with, as-is (mitigated is a failure) or with mitigations (mitigated is a pass). */
function countedStatus(status: FindingStatus, mitigatedAs: MitigatedAs): FindingStatus {
  return status === "mitigated" ? mitigatedAs : status;
}

/** The key findings of one mechanism share; a rule without one is its own mechanism. */
function mechanismKey(finding: Finding, rules: RuleScoringIndex): string {
  const mechanism = rules.get(finding.rule)?.mechanism;
  return mechanism === undefined ? keyOf(RULE_KEYS, "rule:", finding.rule) : keyOf(MECHANISM_KEYS, "mechanism:", mechanism);
}

// Keys made once per rule and mechanism: scoring runs for every subject, placement and candidate plan.
const RULE_KEYS = new Map<string, string>();
const MECHANISM_KEYS = new Map<string, string>();

function keyOf(keys: Map<string, string>, prefix: string, name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = prefix + name;
    keys.set(name, key);
  }
  return key;
}

/** A dimension's tally: the weight of its passes and of its passes and fails, mechanisms counted once. */
interface DimensionTally {
  passed: number;
  total: number;
}

function tallyDimension(
  findings: readonly Finding[],
  dimension: Dimension | undefined,
  weights: ScoringSettings["weights"],
  rules: RuleScoringIndex,
  mitigatedAs: MitigatedAs,
): DimensionTally {
  const groups = new Map<string, { failWeight: number; passWeight: number; failed: boolean; passed: boolean }>();
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i] as Finding;
    if (dimension !== undefined && finding.dimension !== dimension) continue;
    const status = countedStatus(finding.status, mitigatedAs);
    if (status !== "pass" && status !== "fail") continue;
    const key = mechanismKey(finding, rules);
    const group = groups.get(key) ?? { failWeight: 0, passWeight: 0, failed: false, passed: false };
    const weight = weights[finding.severity];
    if (status === "fail") {
      group.failed = true;
      group.failWeight = Math.max(group.failWeight, weight);
    } else {
      group.passed = true;
      group.passWeight = Math.max(group.passWeight, weight);
    }
    groups.set(key, group);
  }
  let passed = 0;
  let total = 0;
  for (const group of groups.values()) {
    if (group.failed) total += group.failWeight;
    else if (group.passed) {
      passed += group.passWeight;
      total += group.passWeight;
    }
  }
  return { passed, total };
}

/**
 * Dimension score = round(100 × Σ weight of passes / Σ weight of passes and fails); null when no
 * rule with weight applies. Findings that share a mechanism count once: as a failure with the most
 * severe failing weight when any of them fails, else as a pass with the most severe passing weight.
 * Unknown, not-applicable and waived findings count on neither side.
 */
export function scoreDimension(
  findings: readonly Finding[],
  weights: ScoringSettings["weights"],
  rules: RuleScoringIndex = NO_RULES,
  mitigatedAs: MitigatedAs = "fail",
): number | null {
  const { passed, total } = tallyDimension(findings, undefined, weights, rules, mitigatedAs);
  return total === 0 ? null : Math.round((100 * passed) / total);
}

/**
 * The least applicable weight a dimension needs to count in the overall score: the weight of one
 * high rule. Below it (a lone low or medium rule) the dimension swings between 0 and 100 on a single
 * minor finding, so it is shown but left out of the overall mean; its failures still count in the fit.
 */
export function minDimensionWeight(weights: ScoringSettings["weights"]): number {
  return weights.high;
}

/**
 * The three dimension scores and their mean as overall (rounded), null where nothing applies. A
 * dimension whose applicable weight is below `minDimensionWeight` is left out of the mean, unless
 * every scored dimension is, when all of them count.
 */
export function scoreFindings(
  findings: readonly Finding[],
  weights: ScoringSettings["weights"],
  rules: RuleScoringIndex = NO_RULES,
  mitigatedAs: MitigatedAs = "fail",
): Scores {
  const tallies = DIMENSIONS.map((d) => tallyDimension(findings, d, weights, rules, mitigatedAs));
  const dimensions = tallies.map(({ passed, total }) => (total === 0 ? null : Math.round((100 * passed) / total)));
  const scored = tallies.flatMap((tally, i) => {
    const score = dimensions[i];
    return score === null || score === undefined ? [] : [{ score, total: tally.total }];
  });
  const minimum = minDimensionWeight(weights);
  const weighty = scored.filter((d) => d.total >= minimum);
  const counted = weighty.length > 0 ? weighty : scored;
  const overall = counted.length === 0 ? null : Math.round(counted.reduce((a, d) => a + d.score, 0) / counted.length);
  return {
    "twelve-factor": dimensions[0] ?? null,
    "ip-movement": dimensions[1] ?? null,
    termination: dimensions[2] ?? null,
    overall,
  };
}

/**
 * Decided findings over decided plus unknown; 0 when nothing was decided or unknown. A rule whose
 * `when` is false given the known facts is not-applicable, so only rules that could apply count.
 */
export function confidenceOf(findings: readonly Finding[]): number {
  let decided = 0;
  let unknown = 0;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    if (f.status === "pass" || f.status === "fail" || f.status === "waived" || f.status === "mitigated") decided++;
    else if (f.status === "unknown") unknown++;
  }
  const total = decided + unknown;
  return total === 0 ? 0 : Math.round((decided / total) * 1000) / 1000;
}

/** The facts whose absence left rules undecided, sorted and without repeats. */
export function missingFactsOf(findings: readonly Finding[]): string[] {
  return [...new Set(findings.filter((f) => f.status === "unknown").flatMap((f) => f.missing ?? []))].sort();
}

/** The blocking rules that fail (counting mitigated findings as `mitigatedAs`), sorted. */
export function blockingFailuresOf(findings: readonly Finding[], rules: RuleScoringIndex, mitigatedAs: MitigatedAs = "fail"): string[] {
  return findings
    .filter((f) => countedStatus(f.status, mitigatedAs) === "fail" && rules.get(f.rule)?.blocking === true)
    .map((f) => f.rule)
    .sort();
}

/**
 * The fit level (scoring v2): not-fit when a blocking or critical rule fails, whatever the
 * confidence; else unknown below the confidence threshold or with no score (insufficient data); ready at or above the ready threshold with
 * no high failure (ready-with-mitigations instead when the plan lifted a finding); then
 * ready-with-mitigations, needs-work and not-fit by overall score. Pass `mitigatedAs: "pass"` for the
 * fit with mitigations.
 */
export function fitOf(
  scores: Scores,
  confidence: number,
  findings: readonly Finding[],
  thresholds: ScoringSettings["thresholds"],
  rules: RuleScoringIndex = NO_RULES,
  mitigatedAs: MitigatedAs = "fail",
): FitLevel {
  const failing = (severity: Severity) =>
    findings.some((f) => countedStatus(f.status, mitigatedAs) === "fail" && severityRank(f.severity) <= severityRank(severity));
  // Missing facts can only add failures, never lift one, so a decided blocking or critical failure
  // settles the fit before confidence is looked at.
  if (blockingFailuresOf(findings, rules, mitigatedAs).length > 0 || failing("critical")) return "not-fit";
  if (confidence < thresholds.minConfidence || scores.overall === null) return "unknown";
  const usesMitigations = mitigatedAs === "pass" && findings.some((f) => f.status === "mitigated");
  if (scores.overall >= thresholds.ready && !failing("high")) return usesMitigations ? "ready-with-mitigations" : "ready";
  if (scores.overall >= thresholds.readyWithMitigations) return "ready-with-mitigations";
  if (scores.overall >= thresholds.needsWork) return "needs-work";
  return "not-fit";
}

/** Effort of the failing findings (mitigated ones included: they fail as-is), each mechanism counted once at its largest effort. */
export function effortOf(findings: readonly Finding[], rules: RuleScoringIndex = NO_RULES): number {
  const byMechanism = new Map<string, number>();
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    if (f.status !== "fail" && f.status !== "mitigated") continue;
    const key = mechanismKey(f, rules);
    byMechanism.set(key, Math.max(byMechanism.get(key) ?? 0, f.effort));
  }
  let total = 0;
  for (const effort of byMechanism.values()) total += effort;
  return total;
}

/** Placement events per month that hit at least one rule still failing after mitigations (each trigger counted once). */
export function exposureOf(findings: readonly Finding[], events: PlacementEvents): number {
  const triggers = new Set(findings.filter((f) => f.status === "fail").map((f) => f.trigger));
  let total = 0;
  for (const trigger of triggers) total += events[trigger] ?? 0;
  return Math.round(total * 100) / 100;
}

/** The mitigation plan behind one (service, placement), when the mitigate stage found one. */
export interface ScoringExtras {
  rules?: RuleScoringIndex;
  plan?: readonly PlanStep[];
}

/**
 * Scores one (service, placement) from its findings: scores and fit as-is (mitigated findings count
 * as failures), the fit with the plan's mitigations, the missing facts when data is insufficient,
 * effort with each mechanism counted once, and the plan's effort.
 */
export function scorePlacement(
  placement: string,
  findings: readonly Finding[],
  events: PlacementEvents,
  settings: ScoringSettings,
  detected: boolean,
  extras: ScoringExtras = {},
): PlacementResult {
  const rules = extras.rules ?? NO_RULES;
  const plan = [...(extras.plan ?? [])];
  const scores = scoreFindings(findings, settings.weights, rules, "fail");
  const confidence = confidenceOf(findings);
  const counts = { pass: 0, fail: 0, unknown: 0, "not-applicable": 0, mitigated: 0, waived: 0 };
  for (let i = 0; i < findings.length; i++) counts[(findings[i] as Finding).status]++;
  const fit = fitOf(scores, confidence, findings, settings.thresholds, rules, "fail");
  // Without a mitigated finding, counting mitigated findings as passes changes nothing: the scores and fit are those as-is.
  const mitigated = counts.mitigated > 0;
  const scoresWithMitigations = mitigated ? scoreFindings(findings, settings.weights, rules, "pass") : { ...scores };
  // Mitigations never lower the fit: ready as-is (a waiver can make it so) stays ready.
  const fitWithMitigations =
    fit === "ready" || !mitigated ? fit : fitOf(scoresWithMitigations, confidence, findings, settings.thresholds, rules, "pass");
  const blockedBy = blockingFailuresOf(findings, rules, "pass");
  return {
    placement,
    scores,
    fit,
    scoresWithMitigations,
    fitWithMitigations,
    plan,
    planEffort: plan.reduce((sum, step) => sum + step.effort, 0),
    ...(fitWithMitigations === "unknown" ? { missingFacts: missingFactsOf(findings) } : {}),
    ...(blockedBy.length > 0 ? { blockedBy } : {}),
    confidence,
    effort: effortOf(findings, rules),
    exposurePerMonth: exposureOf(findings, events),
    counts,
    detected,
  };
}
