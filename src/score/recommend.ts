import type { Finding, FitLevel, PlacementResult, ServiceResult } from "../model/assessment.js";
import { severityRank } from "../model/constants.js";
import type { WaveFamily } from "../model/placement.js";
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

/** What the recommendation needs besides the results: rule mechanisms and each placement's wave family. */
export interface RecommendContext {
  rules?: RuleScoringIndex;
  families?: ReadonlyMap<string, WaveFamily>;
}

/**
 * Weight of the high and critical findings still failing with mitigations, each mechanism once at
 * its largest weight: what a placement leaves broken that would keep it from `ready`.
 */
export function residualSevereWeight(
  findings: readonly Finding[],
  weights: ScoringSettings["weights"],
  rules: RuleScoringIndex = new Map(),
): number {
  const byMechanism = new Map<string, number>();
  for (const f of findings) {
    if (f.status !== "fail" || severityRank(f.severity) > severityRank("high")) continue;
    const mechanism = rules.get(f.rule)?.mechanism;
    const key = mechanism === undefined ? `rule:${f.rule}` : `mechanism:${mechanism}`;
    byMechanism.set(key, Math.max(byMechanism.get(key) ?? 0, weights[f.severity]));
  }
  let total = 0;
  for (const weight of byMechanism.values()) total += weight;
  return total;
}

/**
 * The recommendation. Walk the placements in preference order to the first whose fit with
 * mitigations is ready or ready-with-mitigations; then, among the acceptable placements of the
 * preference list in that placement's wave family, take the best: the better fit with mitigations,
 * then the lower weight of high and critical failures left after mitigations, then the cheaper plan,
 * then preference order. So a later placement of the same family wins only when it is strictly
 * better, and never one of another family (pinned or fixed hosts are not "better" than a scheduler
 * for passing host-bound rules). Meeting a placement with insufficient data first stops the walk:
 * the recommendation is that placement with fit `unknown`, naming the missing facts; a placement
 * where no rule applies at all has no facts to miss, and is passed over. With no acceptable
 * placement, the best overall score wins (ties broken by preference); where no rule applies under
 * any placement, none is recommended. The reasons name why each more-preferred placement was
 * passed over.
 */
export function recommend(
  results: readonly PlacementResult[],
  findingsByPlacement: ReadonlyMap<string, readonly Finding[]>,
  settings: ScoringSettings,
  context: RecommendContext = {},
): ServiceResult["recommendation"] {
  const byName = new Map(results.map((r) => [r.placement, r]));
  const order = [
    ...settings.preference.filter((p) => byName.has(p)),
    ...results.map((r) => r.placement).filter((p) => !settings.preference.includes(p)),
  ];
  const reasons: string[] = [];
  // Placements where no rule applies, said in one reason before the next one.
  const vacant: string[] = [];
  const say = (reason: string) => {
    if (vacant.length > 0) reasons.push(`${vacant.splice(0).join(", ")}: no rule applies to it there.`);
    reasons.push(reason);
  };
  let first: PlacementResult | undefined;
  for (const name of order) {
    const result = byName.get(name);
    if (!result) continue;
    if (ACCEPTABLE.includes(result.fitWithMitigations)) {
      first = result;
      break;
    }
    if (result.fitWithMitigations === "unknown") {
      // Where no rule applies there are no facts to miss: nothing is known there to stop at.
      if (noRuleApplies(result)) {
        vacant.push(result.placement);
        continue;
      }
      say(insufficientDataReason(result));
      return { placement: result.placement, fit: "unknown", reasons };
    }
    say(passedOverReason(result, findingsByPlacement.get(name) ?? []));
  }
  if (!first) {
    const ranked = order
      .map((name) => byName.get(name))
      .filter((r): r is PlacementResult => r !== undefined && r.scores.overall !== null)
      .sort((a, b) => (b.scores.overall ?? 0) - (a.scores.overall ?? 0));
    if (results.length > 0 && results.every(noRuleApplies)) {
      return {
        placement: "none",
        fit: "unknown",
        reasons: ["No rule applies to it under any placement: nothing is known to recommend one by."],
      };
    }
    const best = ranked[0] ?? byName.get(order[0] ?? "");
    if (!best) return { placement: "none", fit: "unknown", reasons: ["No placement was assessed."] };
    say(
      `No placement is ready or ready with mitigations; ${best.placement} has the best overall score (${formatScore(best.scores.overall)}).`,
    );
    return { placement: best.placement, fit: best.fitWithMitigations, reasons };
  }
  const { chosen, outranked } = bestOfFamily(first, order, byName, findingsByPlacement, settings, context);
  if (outranked) say(outranked);
  say(chosenReason(chosen, findingsByPlacement.get(chosen.placement) ?? []));
  return { placement: chosen.placement, fit: chosen.fitWithMitigations, reasons };
}

interface Ranked {
  result: PlacementResult;
  fit: number;
  residual: number;
  plan: number;
  preference: number;
}

/**
 * The best acceptable placement of the preference list in the first acceptable one's wave family,
 * and, when it is not that first one, the reason it outranks it.
 */
function bestOfFamily(
  first: PlacementResult,
  order: readonly string[],
  byName: ReadonlyMap<string, PlacementResult>,
  findingsByPlacement: ReadonlyMap<string, readonly Finding[]>,
  settings: ScoringSettings,
  context: RecommendContext,
): { chosen: PlacementResult; outranked?: string } {
  const family = context.families?.get(first.placement);
  if (family === undefined) return { chosen: first };
  const rank = (result: PlacementResult): Ranked => ({
    result,
    fit: FIT_ORDER.indexOf(result.fitWithMitigations),
    residual: residualSevereWeight(findingsByPlacement.get(result.placement) ?? [], settings.weights, context.rules),
    plan: result.planEffort,
    preference: order.indexOf(result.placement),
  });
  const candidates = order
    .filter((name) => settings.preference.includes(name) && context.families?.get(name) === family)
    .map((name) => byName.get(name))
    .filter((r): r is PlacementResult => r !== undefined && ACCEPTABLE.includes(r.fitWithMitigations))
    .map(rank)
    .sort((a, b) => a.fit - b.fit || a.residual - b.residual || a.plan - b.plan || a.preference - b.preference);
  const best = candidates[0];
  const baseline = candidates.find((c) => c.result === first);
  if (!best || !baseline || best.result === first) return { chosen: first };
  const points = (n: number) => `${n} point${n === 1 ? "" : "s"}`;
  let why = `its mitigation plan is cheaper (${points(best.plan)} against ${points(baseline.plan)})`;
  if (best.fit < baseline.fit) why = `its fit with mitigations is ${best.result.fitWithMitigations}`;
  else if (best.residual < baseline.residual)
    why = `it leaves less high or critical weight failing after mitigations (${best.residual} against ${baseline.residual})`;
  return {
    chosen: best.result,
    outranked: `${first.placement}: ${first.fitWithMitigations}, but ${best.result.placement} of the same wave family is better: ${why}.`,
  };
}

/** "insufficient data", with the confidence and the facts that are missing. */
/** True when every rule was not-applicable under the placement: none passed, failed, or lacked a fact. */
function noRuleApplies(result: PlacementResult): boolean {
  const { counts } = result;
  return counts.pass + counts.fail + counts.unknown + counts.mitigated + counts.waived === 0;
}

/**
 * Why a placement where some rule applies has no fit: facts are missing; or rules are undecided for
 * another reason; or every rule decided there carries no weight in the score (info severity, or a
 * severity the policy weighs at 0), so there is no score to judge by.
 */
function insufficientDataReason(result: PlacementResult): string {
  const missing = result.missingFacts ?? [];
  const undecided = result.counts.unknown;
  const why =
    missing.length > 0
      ? `missing facts: ${missing.join(", ")}`
      : undecided > 0
        ? `${undecided} rule(s) could not be decided`
        : "the rules that apply carry no weight in the score";
  return `${result.placement}: insufficient data (confidence ${Math.round(result.confidence * 100)}%); ${why}.`;
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

/** The baseline's findings by rule, made the first time a rule is looked up out of place. */
function baselineByRule(findings: readonly Finding[]): () => ReadonlyMap<string, Finding> {
  let byRule: Map<string, Finding> | undefined;
  return () => {
    byRule ??= new Map(findings.map((f) => [f.rule, f]));
    return byRule;
  };
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
  const baselineFindings = findingsByPlacement.get(baseline) ?? [];
  const byRule = baselineByRule(baselineFindings);
  const breaks: ServiceResult["delta"]["breaks"] = [];
  const fixes: ServiceResult["delta"]["fixes"] = [];
  const targetFindings = findingsByPlacement.get(target) ?? [];
  // Findings in rule order, each rule once, as `assess` makes them: the baseline's finding for a rule
  // is then mostly at the same index as the target's.
  const inRuleOrder = baselineFindings.every((f, i) => i === 0 || (baselineFindings[i - 1] as Finding).rule < f.rule);
  for (let i = 0; i < targetFindings.length; i++) {
    const f = targetFindings[i] as Finding;
    const same = inRuleOrder ? baselineFindings[i] : undefined;
    const before = same?.rule === f.rule ? same : byRule().get(f.rule);
    if (!before) continue;
    const failing = f.status === "fail" || f.status === "mitigated";
    if (before.status === "pass" && failing) breaks.push({ rule: f.rule, severity: f.severity, effort: f.effort, message: f.message });
    else if (before.status === "fail" && f.status === "pass")
      fixes.push({ rule: f.rule, severity: f.severity, effort: f.effort, message: before.message });
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
