import type { Assessment, Finding, FitLevel, PlacementResult, Scores, Workload } from "../model/assessment.js";
import type { Dimension, Severity } from "../model/common.js";
import { FIT_LEVELS, severityRank } from "../model/constants.js";
import { findingKey } from "../model/fingerprint.js";
import type { Waiver } from "../model/policy.js";
import { findingsOfResult, indexFindingsBySubject, subjectKeyOf } from "../model/subject-key.js";
import { applyWaivers } from "./waivers.js";

/** What the gate requires of every checked (service, placement). */
export interface GateSettings {
  /** The placements to check; when left out, each service's detected placements, else `k8s-scheduled`. */
  placements?: readonly string[];
  /** A non-waived failing finding of this severity or worse fails the gate (default `high`). */
  failOn: Severity;
  minScores: Partial<Record<Dimension | "overall", number>>;
  requiredFit?: FitLevel;
}

/** The gate's defaults when no policy says otherwise. */
export const DEFAULT_GATE_SETTINGS: GateSettings = { failOn: "high", minScores: {} };

/** Everything the gate needs besides the assessment; `today` is `YYYY-MM-DD`. */
export interface GateOptions {
  settings: GateSettings;
  waivers: readonly Waiver[];
  today: string;
  /** A previous assessment: only findings new since it, and scores and fits worse than it, fail. */
  baseline?: Assessment;
}

/** One reason the gate failed. */
export interface Violation {
  service: string;
  /** The workload of the user's files it concerns, in a run over artifacts. */
  workload?: Workload;
  placement: string;
  kind: "finding" | "score" | "fit" | "waiver-expired";
  rule?: string;
  severity?: Severity;
  message: string;
}

/**
 * The gate's verdict, with the waived assessment it judged: its findings are only those the policy
 * checked (checked placements, severities at or above `failOn`, not already in the baseline), so
 * every report written from it agrees with the verdict.
 */
export interface GateResult {
  passed: boolean;
  assessment: Assessment;
  checked: { service: string; workload?: Workload; placement: string }[];
  violations: Violation[];
  expiredWaivers: Waiver[];
  unusedWaivers: Waiver[];
  /** Failing findings the baseline already had, which therefore did not fail the gate. */
  baselined: number;
}

/**
 * Applies waivers and judges every checked (service, placement): a failing finding at or above
 * `failOn`, a score below `minScores`, a fit below `requiredFit`, or an expired waiver fails the
 * gate. Pure: `today` and the baseline come in as parameters.
 */
export function evaluateGate(assessment: Assessment, options: GateOptions): GateResult {
  const { settings } = options;
  const waived = applyWaivers(assessment, options.waivers, options.today);
  const judged = waived.assessment;
  const oldFailing = new Set(
    (options.baseline?.findings ?? [])
      .filter((f) => f.status === "fail" || f.status === "mitigated" || f.status === "waived")
      .map(findingKey),
  );
  const oldResults = new Map(
    (options.baseline?.services ?? []).flatMap((s) =>
      s.results.map((r) => [`${subjectKeyOf(s.name, s.workload)}\u0000${r.placement}`, r] as const),
    ),
  );
  const failRank = severityRank(settings.failOn);
  const assessed = new Set(judged.placements.map((p) => p.name));

  const checked: GateResult["checked"] = [];
  const violations: Violation[] = [];
  let baselined = 0;
  const bySubject = indexFindingsBySubject(judged.findings);
  // A finding without a workload holds for every workload of its service: it is reported once, and counted once.
  const reported = new Set<Finding>();
  const violated = new Set<Finding>();
  for (const service of judged.services) {
    const own = findingsOfResult(bySubject, service);
    for (const placement of placementsToCheck(service.results, settings.placements, assessed)) {
      const result = service.results.find((r) => r.placement === placement);
      if (!result) continue;
      checked.push({ service: service.name, ...(service.workload ? { workload: service.workload } : {}), placement });
      const old = options.baseline ? oldResults.get(`${subjectKeyOf(service.name, service.workload)}\u0000${placement}`) : undefined;
      for (const finding of own) {
        if (finding.placement !== placement || severityRank(finding.severity) > failRank) continue;
        // A mitigated finding still fails in the files the gate checks: the mitigation is a plan, not a change.
        const failing = finding.status === "fail" || finding.status === "mitigated";
        if (failing && oldFailing.has(findingKey(finding))) {
          if (!reported.has(finding)) baselined++;
          reported.add(finding);
          continue;
        }
        reported.add(finding);
        if (!failing || violated.has(finding)) continue;
        violated.add(finding);
        violations.push({
          service: service.name,
          ...(finding.workload ? { workload: finding.workload } : {}),
          placement,
          kind: "finding",
          rule: finding.rule,
          severity: finding.severity,
          message: `${finding.rule} (${finding.severity}) fails: ${finding.message}${finding.mitigation ? ` (mitigation: ${finding.mitigation})` : ""}`,
        });
      }
      violations.push(
        ...scoreViolations(service.name, result, old, settings).map((v) => (service.workload ? { ...v, workload: service.workload } : v)),
      );
      if (settings.requiredFit && isWorseFit(result.fit, settings.requiredFit) && (!old || isWorseFit(result.fit, old.fit))) {
        violations.push({
          service: service.name,
          ...(service.workload ? { workload: service.workload } : {}),
          placement,
          kind: "fit",
          message: `fit ${result.fit} is below the required ${settings.requiredFit}`,
        });
      }
    }
  }
  for (const waiver of waived.expired) {
    violations.push({
      service: waiver.service,
      placement: waiver.placement ?? "*",
      kind: "waiver-expired",
      rule: waiver.rule,
      message: `the waiver of ${waiver.rule} for ${waiver.service} (owner ${waiver.owner}) expired on ${waiver.expires}`,
    });
  }
  const gated = judged.findings.filter((f) => reported.has(f) && !(oldFailing.has(findingKey(f)) && isFailing(f)));
  return {
    passed: violations.length === 0,
    assessment: { ...judged, findings: gated },
    checked,
    violations,
    expiredWaivers: waived.expired,
    unusedWaivers: waived.unused,
    baselined,
  };
}

function isFailing(finding: Finding): boolean {
  return finding.status === "fail" || finding.status === "mitigated";
}

/** True when fit `a` is worse than fit `b` in the order ready > ready-with-mitigations > needs-work > not-fit > unknown. */
export function isWorseFit(a: FitLevel, b: FitLevel): boolean {
  return FIT_LEVELS.indexOf(a) > FIT_LEVELS.indexOf(b);
}

function placementsToCheck(results: readonly PlacementResult[], wanted: readonly string[] | undefined, assessed: Set<string>): string[] {
  if (wanted && wanted.length > 0) return [...wanted];
  const detected = results.filter((r) => r.detected).map((r) => r.placement);
  if (detected.length > 0) return detected;
  if (assessed.has("k8s-scheduled")) return ["k8s-scheduled"];
  return results.map((r) => r.placement);
}

function scoreViolations(service: string, result: PlacementResult, old: PlacementResult | undefined, settings: GateSettings): Violation[] {
  const out: Violation[] = [];
  for (const [key, min] of Object.entries(settings.minScores) as [keyof Scores, number | undefined][]) {
    const score = result.scores[key];
    // A score with no applicable rule is n/a: there is nothing to hold to a minimum.
    if (min === undefined || score === null || score >= min) continue;
    const before = old?.scores[key];
    if (old && before !== null && before !== undefined && score >= before) continue;
    out.push({ service, placement: result.placement, kind: "score", message: `${key} score ${score} is below the minimum ${min}` });
  }
  return out;
}
