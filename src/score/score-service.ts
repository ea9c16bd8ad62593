import { deepFreeze } from "../deep-freeze.js";
import type { Assessment, Finding, PlacementResult, PlanStep, ServiceResult, SurvivalAnswer } from "../model/assessment.js";
import type { Dimension } from "../model/common.js";
import { severityRank } from "../model/constants.js";
import type { PlacementEvents, WaveFamily } from "../model/placement.js";
import type { ScoringSettings } from "../model/policy.js";
import { fromPool } from "../text-pool.js";
import { deltaOf, recommend } from "./recommend.js";
import { type RuleScoringIndex, scorePlacement } from "./score.js";
import { waveOf } from "./waves.js";

/** What scoring needs to know of one placement: its events and wave family. */
export interface PlacementScoring {
  events: PlacementEvents;
  waveFamily: WaveFamily;
}

/** Everything besides a service's findings that scores it: the same for `assess` and the gate's re-scoring. */
export interface ScoringContext {
  settings: ScoringSettings;
  rules: RuleScoringIndex;
  /** The assessed placements, in the order results are listed. */
  placements: ReadonlyMap<string, PlacementScoring>;
  /**
   * Placement results already scored in this run, by what decides them (`placementResultKey`);
   * shared results are frozen, so nothing can change one for every subject that shares it.
   */
  memo?: Map<string, PlacementResult>;
  /**
   * The survival and recommendation reasons written in this run, each text once: a reason quotes a
   * finding's message, and workloads of one name in many places are told the same reasons.
   */
  reasons?: Map<string, string>;
}

/** One service's findings per placement, with the plan and detection of each placement. */
export interface ServiceFindings {
  findingsByPlacement: ReadonlyMap<string, readonly Finding[]>;
  plans: ReadonlyMap<string, readonly PlanStep[]>;
  detected: ReadonlyMap<string, boolean>;
  /**
   * The subject is a workload no catalog service matches: a rule that needs what only a profile
   * knows does not apply to it, so where no rule of a dimension applies nothing is known of it.
   */
  generic?: boolean;
}

/** The scored part of a service's result. */
export type ServiceScores = Pick<ServiceResult, "results" | "recommendation" | "delta" | "wave" | "survival">;

/**
 * Scores one service from its findings: each placement's result, the recommendation, the delta, the
 * wave and the two survival answers. `assess` and the gate's re-scoring after waivers both call it.
 */
export function scoreService(input: ServiceFindings, context: ScoringContext): ServiceScores {
  const results = [...context.placements.entries()]
    .filter(([name]) => input.findingsByPlacement.has(name))
    .map(([name, placement]) => {
      const findings = input.findingsByPlacement.get(name) ?? [];
      const detected = input.detected.get(name) ?? false;
      const plan = input.plans.get(name) ?? [];
      const key = context.memo ? placementResultKey(name, findings, detected, plan) : undefined;
      let result = key === undefined ? undefined : context.memo?.get(key);
      if (!result) {
        result = scorePlacement(name, findings, placement.events, context.settings, detected, { rules: context.rules, plan });
        if (key !== undefined) context.memo?.set(key, deepFreeze(result));
      }
      return result;
    });
  const families = familiesOf(context);
  const recommendation = pooled(
    recommend(results, input.findingsByPlacement, context.settings, { rules: context.rules, families }),
    context.reasons,
  );
  const { delta, survival } = toldParts(results, recommendation, input, context, families);
  return { results, recommendation, delta, wave: waveOf({ recommendation }, families), survival };
}

/**
 * Scores a service whose findings have the rules, statuses and plans of another's that was scored
 * already (`scored`), and differ at most in their messages and locations: the results, the
 * recommendation and the wave are the other's, and the delta and the survival answers, which quote
 * the findings' messages, are its own.
 */
export function rescoreMessages(scored: ServiceScores, input: ServiceFindings, context: ScoringContext): ServiceScores {
  const { results, recommendation, wave } = scored;
  // With the statuses the other's, so is each survival answer and the placement it is given under: only its reasons are told again.
  const told = toldParts(results, recommendation, input, context, familiesOf(context), scored.survival);
  // Where a message that differs is not quoted, the part says what the other's says: that object is
  // held once for both (a run can score thousands of workloads this way).
  const ipMovement = sameOr(scored.survival["ip-movement"], told.survival["ip-movement"]);
  const termination = sameOr(scored.survival.termination, told.survival.termination);
  const survival =
    ipMovement === scored.survival["ip-movement"] && termination === scored.survival.termination
      ? scored.survival
      : { "ip-movement": ipMovement, termination };
  return { results, recommendation, delta: sameOr(scored.delta, told.delta), wave, survival };
}

/** `before` when `now` is equal to it, else `now`. */
function sameOr<T>(before: T, now: T): T {
  return equalData(before, now) ? before : now;
}

/** True when two values of plain data (records, arrays, strings, numbers, booleans, null) are equal, keys in any order. */
function equalData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!equalData(a[i], other[i])) return false;
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !equalData((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** The parts of a service's scores that quote its findings' messages: the delta and the survival answers. */
function toldParts(
  results: ServiceScores["results"],
  recommendation: ServiceScores["recommendation"],
  input: ServiceFindings,
  context: ScoringContext,
  families: ReadonlyMap<string, WaveFamily>,
  answered?: ServiceScores["survival"],
): Pick<ServiceScores, "delta" | "survival"> {
  const { scheduled, fixed } = familyOrders(results, families, context.settings);
  const answer = (dimension: "ip-movement" | "termination") => {
    const before = answered?.[dimension];
    const told =
      before !== undefined && before.placement !== ""
        ? answerUnder(before, input.findingsByPlacement.get(before.placement) ?? [], dimension)
        : answerSurvival(dimension, scheduled, input.findingsByPlacement, input.generic === true);
    return pooled(told, context.reasons);
  };
  return {
    delta: deltaOf(recommendation.placement, input.findingsByPlacement, context.settings, fixed[0], context.rules),
    survival: { "ip-movement": answer("ip-movement"), termination: answer("termination") },
  };
}

/**
 * The placements of the results in the scheduled and the fixed wave families, each in the settings'
 * preference order: found once for the results a class of workloads shares.
 */
function familyOrders(
  results: ServiceScores["results"],
  families: ReadonlyMap<string, WaveFamily>,
  settings: ScoringSettings,
): { scheduled: string[]; fixed: string[] } {
  const known = familyOrdersOf.get(results);
  if (known !== undefined && known.families === families && known.settings === settings) return known;
  const ofFamily = (family: WaveFamily) =>
    preferenceOrder(
      results.map((r) => r.placement).filter((name) => families.get(name) === family),
      settings,
    );
  const orders = { families, settings, scheduled: ofFamily("scheduled"), fixed: ofFamily("fixed") };
  familyOrdersOf.set(results, orders);
  return orders;
}

const familyOrdersOf = new WeakMap<
  ServiceScores["results"],
  { families: ReadonlyMap<string, WaveFamily>; settings: ScoringSettings; scheduled: string[]; fixed: string[] }
>();

/** The answer or recommendation with each reason replaced by the same text from `reasons`, where it was written before. */
function pooled<T extends { reasons: readonly string[] }>(told: T, reasons: Map<string, string> | undefined): T {
  if (!reasons) return told;
  return { ...told, reasons: told.reasons.map((reason) => fromPool(reasons, reason)) };
}

/** Each placement's wave family, by name: made once for each run's placements, which every service of the run is scored under. */
function familiesOf(context: ScoringContext): ReadonlyMap<string, WaveFamily> {
  let families = familiesByPlacements.get(context.placements);
  if (!families) {
    families = new Map([...context.placements.entries()].map(([name, p]) => [name, p.waveFamily]));
    familiesByPlacements.set(context.placements, families);
  }
  return families;
}

const familiesByPlacements = new WeakMap<ScoringContext["placements"], ReadonlyMap<string, WaveFamily>>();

/**
 * What a placement's result is decided by, within one run (its rules, settings and placements
 * fixed): the placement, whether it was detected, each finding's rule, status and missing facts, and
 * the plan. Messages and locations do not count.
 */
export function placementResultKey(placement: string, findings: readonly Finding[], detected: boolean, plan: readonly PlanStep[]): string {
  // One part per finding, joined once: a key grown a part at a time is a chain of pieces for every subject.
  const parts: string[] = new Array(findings.length + 1);
  parts[0] = `${placement}\u0000${detected}\u0000${JSON.stringify(plan)}\u0000${ruleListKey(findings)}\u0000`;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    parts[i + 1] = f.missing ? `${f.status}\u0001${f.missing.join(",")}\u0001` : (f.status[0] as string);
  }
  return parts.join("");
}

/**
 * The rules of a list of findings, in order, as a short key: a list seen before gets the number it
 * got then. A run has one or a few (every rule, in id order); past a few dozen the ids themselves are the key.
 */
function ruleListKey(findings: readonly Finding[]): string {
  const same = (list: readonly string[]) => list.length === findings.length && findings.every((f, i) => f.rule === list[i]);
  const known = ruleLists.findIndex(same);
  if (known !== -1) return `#${known}`;
  const rules = findings.map((f) => f.rule);
  if (ruleLists.length >= MAX_RULE_LISTS) return JSON.stringify(rules);
  ruleLists.push(rules);
  return `#${ruleLists.length - 1}`;
}

const MAX_RULE_LISTS = 32;
const ruleLists: string[][] = [];

/** The names in the settings' preference order, the others after them by name. */
export function preferenceOrder(names: readonly string[], settings: ScoringSettings): string[] {
  const rank = (name: string) => {
    const index = settings.preference.indexOf(name);
    return index === -1 ? settings.preference.length : index;
  };
  return [...names].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

const ANSWER_RANK: readonly SurvivalAnswer["answer"][] = ["yes", "with-mitigations", "no", "unknown"];

/**
 * Answers "does it survive IP movement?" (the ip-movement rules) or "does it survive being killed
 * mid-operation?" (the termination rules) under the scheduler placements: yes when none fails, with
 * mitigations when the plan lifts every failure, no when one still fails, unknown when rules lack
 * facts, or for a `generic` workload when no rule of the dimension applies. The best answer over the
 * scheduler placements wins, the more preferred first.
 */
export function answerSurvival(
  dimension: Dimension,
  placements: readonly string[],
  findingsByPlacement: ReadonlyMap<string, readonly Finding[]>,
  generic = false,
): SurvivalAnswer {
  // The answer under each placement is known from the statuses alone; only the best one is written out.
  let best: { placement: string; answer: SurvivalAnswer["answer"] } | undefined;
  for (const placement of placements) {
    const answer = answerOf(findingsByPlacement.get(placement) ?? [], dimension, generic);
    if (!best || ANSWER_RANK.indexOf(answer) < ANSWER_RANK.indexOf(best.answer)) best = { placement, answer };
  }
  if (!best) return { answer: "unknown", placement: "", mitigations: [], reasons: ["No scheduler placement was assessed."] };
  return answerUnder(best, findingsByPlacement.get(best.placement) ?? [], dimension);
}

/**
 * The answer under one placement from its findings of one dimension: any failure, else any unknown,
 * else any mitigated; for a generic workload, unknown when none of them applies.
 */
function answerOf(findings: readonly Finding[], dimension: Dimension, generic: boolean): SurvivalAnswer["answer"] {
  let unknown = false;
  let mitigated = false;
  let applies = false;
  for (const f of findings) {
    if (f.dimension !== dimension || f.status === "not-applicable") continue;
    applies = true;
    if (f.status === "fail") return "no";
    if (f.status === "unknown") unknown = true;
    else if (f.status === "mitigated") mitigated = true;
  }
  return unknown || (generic && !applies) ? "unknown" : mitigated ? "with-mitigations" : "yes";
}

/** The answer `answerOf` gave under one placement, with its reasons from the findings of one dimension. */
function answerUnder(
  { placement, answer }: { placement: string; answer: SurvivalAnswer["answer"] },
  findings: readonly Finding[],
  dimension: Dimension,
): SurvivalAnswer {
  const bySeverity = (a: Finding, b: Finding) => severityRank(a.severity) - severityRank(b.severity) || (a.rule < b.rule ? -1 : 1);
  const own = (status: Finding["status"]) => findings.filter((f) => f.dimension === dimension && f.status === status);
  if (answer === "no") {
    const failing = own("fail").sort(bySeverity);
    return { answer, placement, mitigations: [], reasons: failing.map((f) => `${f.rule} (${f.severity}): ${f.message}`) };
  }
  if (answer === "unknown") {
    const unknown = own("unknown");
    if (unknown.length === 0) {
      const reason = `No ${dimension} rule applies under ${placement} to a workload no catalog service matches: its files alone do not tell.`;
      return { answer, placement, mitigations: [], reasons: [reason] };
    }
    const missing = [...new Set(unknown.flatMap((f) => f.missing ?? []))].sort();
    return {
      answer,
      placement,
      mitigations: [],
      reasons: [`${unknown.length} rule(s) lack facts${missing.length > 0 ? `: ${missing.join(", ")}` : ""}.`],
    };
  }
  if (answer === "with-mitigations") {
    const mitigated = own("mitigated").sort(bySeverity);
    return {
      answer,
      placement,
      mitigations: [...new Set(mitigated.map((f) => f.mitigation ?? ""))].filter(Boolean).sort(),
      reasons: mitigated.map((f) => `${f.rule} (${f.severity}) is lifted by ${f.mitigation}: ${f.message}`),
    };
  }
  const waived = own("waived");
  return {
    answer,
    placement,
    mitigations: [],
    reasons: [`No rule fails under ${placement}${waived.length > 0 ? ` (${waived.length} waived)` : ""}.`],
  };
}

/** The scoring context of a saved assessment, for re-scoring it (after waivers). */
export function scoringContextOf(assessment: Assessment): ScoringContext {
  return {
    settings: assessment.scoring as ScoringSettings,
    rules: new Map(assessment.rules.map((r) => [r.id, { blocking: r.blocking, ...(r.mechanism ? { mechanism: r.mechanism } : {}) }])),
    placements: new Map(
      assessment.placements.map((p) => [
        p.name,
        { events: (p.spec.events ?? {}) as PlacementEvents, waveFamily: (p.spec.waveFamily ?? "fixed") as WaveFamily },
      ]),
    ),
  };
}
