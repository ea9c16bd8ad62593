import type { Finding, FitLevel, PlacementResult, ServiceResult } from "../model/assessment.js";
import { severityRank } from "../model/common.js";
import type { ScoringSettings } from "../model/policy.js";
import type { RuleScoringIndex } from "./score.js";

const ACCEPTABLE: readonly FitLevel[] = ["ready", "ready-with-mitigations"];

/** True when a fit is ready or ready-with-mitigations: a placement a recommendation may choose. */
export function isAcceptableFit(fit: FitLevel): boolean {
  return ACCEPTABLE.includes(fit);
}

/** The fit levels in order, best first, for comparing placements. */
export const FIT_ORDER: readonly FitLevel[] = ["ready", "ready-with-mitigations", "needs-work", "not-fit", "unknown"];

/** Failing findings (still failing after mitigations), most severe first, then by effort and rule id. */
export function blockersOf(findings: readonly Finding[]): Finding[] {
  return findings
    .filter((f) => f.status === "fail")
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) || b.effort - a.effort || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
    );
}

/**
 * The recommendation: the first placement in preference order whose fit with mitigations is ready
 * or ready-with-mitigations. Meeting a placement with insufficient data first stops the walk: the
 * recommendation is that placement with fit `unknown`, naming the missing facts, rather than a fall
 * through to a less preferred placement. With no acceptable placement, the best overall score wins
 * (ties broken by preference). The reasons name why each more-preferred placement was passed over.
 */
export function recommend(
  results: readonly PlacementResult[],
  findingsByPlacement: ReadonlyMap<string, readonly Finding[]>,
  settings: ScoringSettings,
): ServiceResult["recommendation"] {
  const byName = new Map(results.map((r) => [r.placement, r]));
  const order = [
    ...settings.preference.filter((p) => byName.has(p)),
    ...results.map((r) => r.placement).filter((p) => !settings.preference.includes(p)),
  ];
  const reasons: string[] = [];
  let chosen: PlacementResult | undefined;
  for (const name of order) {
    const result = byName.get(name);
    if (!result) continue;
    if (ACCEPTABLE.includes(result.fitWithMitigations)) {
      chosen = result;
      break;
    }
    if (result.fitWithMitigations === "unknown") {
      reasons.push(insufficientDataReason(result));
      return { placement: result.placement, fit: "unknown", reasons };
    }
    reasons.push(passedOverReason(result, findingsByPlacement.get(name) ?? []));
  }
  if (!chosen) {
    const ranked = order
      .map((name) => byName.get(name))
      .filter((r): r is PlacementResult => r !== undefined && r.scores.overall !== null)
      .sort((a, b) => (b.scores.overall ?? 0) - (a.scores.overall ?? 0));
    chosen = ranked[0] ?? byName.get(order[0] ?? "");
    if (!chosen) return { placement: "none", fit: "unknown", reasons: ["No placement was assessed."] };
    reasons.push(
      `No placement is ready or ready with mitigations; ${chosen.placement} has the best overall score (${formatScore(chosen.scores.overall)}).`,
    );
  } else {
    reasons.push(chosenReason(chosen, findingsByPlacement.get(chosen.placement) ?? []));
  }
  return { placement: chosen.placement, fit: chosen.fitWithMitigations, reasons };
}

/** "insufficient data", with the confidence and the facts that are missing. */
function insufficientDataReason(result: PlacementResult): string {
  const missing = result.missingFacts ?? [];
  const listed = missing.length > 0 ? `missing facts: ${missing.join(", ")}` : "no rule could be decided";
  return `${result.placement}: insufficient data (confidence ${Math.round(result.confidence * 100)}%); ${listed}.`;
}

function passedOverReason(result: PlacementResult, findings: readonly Finding[]): string {
  if (result.blockedBy && result.blockedBy.length > 0) {
    return `${result.placement}: not-fit; blocked by ${result.blockedBy.join(", ")}.`;
  }
  const top = blockersOf(findings)
    .slice(0, 3)
    .map((f) => `${f.rule} (${f.severity})`);
  const withPlan = result.plan.length > 0 ? ` (${formatScore(result.scoresWithMitigations.overall)} with mitigations)` : "";
  return `${result.placement}: ${result.fitWithMitigations}, overall ${formatScore(result.scores.overall)}${withPlan}; fails ${top.join(", ") || "no rule"}.`;
}

function chosenReason(result: PlacementResult, findings: readonly Finding[]): string {
  const blockers = blockersOf(findings);
  const plan =
    result.plan.length > 0
      ? `; with ${result.plan.map((p) => `${p.mitigation} (${p.remediationKind}, effort ${p.effort})`).join(", ")}`
      : "";
  const withPlan = result.plan.length > 0 ? ` (${formatScore(result.scoresWithMitigations.overall)} with mitigations)` : "";
  const head = `${result.placement}: ${result.fitWithMitigations}, overall ${formatScore(result.scores.overall)} as-is${withPlan}${plan}`;
  if (blockers.length === 0) return `${head}; no rule fails${result.plan.length > 0 ? " after mitigations" : ""}.`;
  const top = blockers.slice(0, 3).map((f) => `${f.rule} (${f.severity})`);
  return `${head}; still failing: ${top.join(", ")}.`;
}

/** "n/a" for a missing score, the number otherwise. */
export function formatScore(score: number | null): string {
  return score === null ? "n/a" : String(score);
}

/**
 * What breaks when it moves: rules that pass under the baseline (the fixed-hosts placement, `poci`
 * unless told) and fail under the target (mitigated ones included: they fail as-is), and the
 * reverse. The target is the recommendation unless that is the baseline, then the configured target.
 */
export function deltaOf(
  recommended: string,
  findingsByPlacement: ReadonlyMap<string, readonly Finding[]>,
  settings: ScoringSettings,
  baseline = "poci",
  rules: RuleScoringIndex = new Map(),
): ServiceResult["delta"] {
  const target = recommended === baseline || !findingsByPlacement.has(recommended) ? settings.target : recommended;
  const poci = new Map((findingsByPlacement.get(baseline) ?? []).map((f) => [f.rule, f]));
  const breaks: ServiceResult["delta"]["breaks"] = [];
  const fixes: ServiceResult["delta"]["fixes"] = [];
  for (const f of findingsByPlacement.get(target) ?? []) {
    const before = poci.get(f.rule);
    if (!before) continue;
    const failing = f.status === "fail" || f.status === "mitigated";
    const entry = { rule: f.rule, severity: f.severity, effort: f.effort, message: failing ? f.message : before.message };
    if (before.status === "pass" && (f.status === "fail" || f.status === "mitigated")) breaks.push(entry);
    else if (before.status === "fail" && f.status === "pass") fixes.push(entry);
  }
  const bySeverity = (a: { severity: string; rule: string }, b: { severity: string; rule: string }) =>
    severityRank(a.severity) - severityRank(b.severity) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
  breaks.sort(bySeverity);
  fixes.sort(bySeverity);
  // Each mechanism counts once, at its largest effort, as in a placement's effort.
  const byMechanism = new Map<string, number>();
  for (const b of breaks) {
    const key = rules.get(b.rule)?.mechanism ?? `rule:${b.rule}`;
    byMechanism.set(key, Math.max(byMechanism.get(key) ?? 0, b.effort));
  }
  return { target, breaks, effort: [...byMechanism.values()].reduce((s, e) => s + e, 0), fixes };
}
