import type { Finding, FitLevel, PlacementResult, ServiceResult } from "../model/assessment.js";
import { SEVERITIES } from "../model/common.js";
import type { ScoringSettings } from "../model/policy.js";

const ACCEPTABLE: readonly FitLevel[] = ["ready", "ready-with-mitigations"];

/** The fit levels in order, best first, for comparing placements. */
export const FIT_ORDER: readonly FitLevel[] = ["ready", "ready-with-mitigations", "needs-work", "not-fit", "unknown"];

const severityRank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);

/** Failing findings, most severe first, then by effort and rule id. */
export function blockersOf(findings: readonly Finding[]): Finding[] {
  return findings
    .filter((f) => f.status === "fail")
    .sort(
      (a, b) =>
        severityRank(a.severity) - severityRank(b.severity) || b.effort - a.effort || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
    );
}

/**
 * The recommendation: the first placement in preference order whose fit is ready or
 * ready-with-mitigations, else the best overall score (ties broken by preference). The reasons name
 * the deciding findings: why each more-preferred placement was passed over, and why this one.
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
    if (ACCEPTABLE.includes(result.fit)) {
      chosen = result;
      break;
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
  return { placement: chosen.placement, fit: chosen.fit, reasons };
}

function passedOverReason(result: PlacementResult, findings: readonly Finding[]): string {
  if (result.fit === "unknown") {
    const unknown = findings.filter((f) => f.status === "unknown").length;
    return `${result.placement}: fit unknown (confidence ${Math.round(result.confidence * 100)}%, ${unknown} rule(s) lack facts).`;
  }
  const top = blockersOf(findings)
    .slice(0, 3)
    .map((f) => `${f.rule} (${f.severity})`);
  return `${result.placement}: ${result.fit}, overall ${formatScore(result.scores.overall)}; fails ${top.join(", ") || "no rule"}.`;
}

function chosenReason(result: PlacementResult, findings: readonly Finding[]): string {
  const blockers = blockersOf(findings);
  if (blockers.length === 0) return `${result.placement}: ${result.fit}, overall ${formatScore(result.scores.overall)}, no rule fails.`;
  const top = blockers.slice(0, 3).map((f) => `${f.rule} (${f.severity})`);
  return `${result.placement}: ${result.fit}, overall ${formatScore(result.scores.overall)}; to mitigate: ${top.join(", ")} (effort ${result.effort}).`;
}

/** "n/a" for a missing score, the number otherwise. */
export function formatScore(score: number | null): string {
  return score === null ? "n/a" : String(score);
}

/**
 * What breaks when it moves: rules that pass under `poci` and fail under the target, and the
 * reverse. The target is the recommendation unless that is POCI, then the configured target.
 */
export function deltaOf(
  recommended: string,
  findingsByPlacement: ReadonlyMap<string, readonly Finding[]>,
  settings: ScoringSettings,
): ServiceResult["delta"] {
  const target = recommended === "poci" || !findingsByPlacement.has(recommended) ? settings.target : recommended;
  const poci = new Map((findingsByPlacement.get("poci") ?? []).map((f) => [f.rule, f]));
  const breaks: ServiceResult["delta"]["breaks"] = [];
  const fixes: ServiceResult["delta"]["fixes"] = [];
  for (const f of findingsByPlacement.get(target) ?? []) {
    const before = poci.get(f.rule);
    if (!before) continue;
    const entry = { rule: f.rule, severity: f.severity, effort: f.effort, message: f.status === "fail" ? f.message : before.message };
    if (before.status === "pass" && f.status === "fail") breaks.push(entry);
    else if (before.status === "fail" && f.status === "pass") fixes.push(entry);
  }
  const bySeverity = (a: { severity: string; rule: string }, b: { severity: string; rule: string }) =>
    severityRank(a.severity) - severityRank(b.severity) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
  breaks.sort(bySeverity);
  fixes.sort(bySeverity);
  return { target, breaks, effort: breaks.reduce((s, b) => s + b.effort, 0), fixes };
}
