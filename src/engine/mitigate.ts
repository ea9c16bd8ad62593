import type { CompiledMitigation, CompiledRule } from "../load/documents.js";
import type { Finding, FitLevel, PlanStep } from "../model/assessment.js";
import type { ScoringSettings } from "../model/policy.js";
import { confidenceOf, fitOf, type RuleScoringIndex, scoreFindings } from "../score/score.js";
import { type CelMap, type CelValue, toCelValue } from "./cel.js";
import { chargeMitigation, decideRule, evaluateShared, factKeyEntryOf, type RunBudget, sortedById, type Verdict } from "./evaluate.js";
import type { PlacementSubject, ServiceSubject } from "./subject.js";

/** One fact a mitigation sets: where, and the value its expression gave over the original facts. */
export interface FactOverlay {
  path: readonly string[];
  value: unknown;
}

/**
 * True when the mitigation lists the placement and its `applies` condition holds for the service
 * (a missing fact or an error means it does not apply).
 */
export function isMitigationApplicable(compiled: CompiledMitigation, service: ServiceSubject, placement: PlacementSubject): boolean {
  if (!compiled.mitigation.placements.includes(placement.name)) return false;
  const result = evaluateShared(compiled.applies, service, placement);
  return result.kind === "value" && result.value;
}

/**
 * Evaluates a mitigation's `sets` over the original facts; undefined when one of them cannot be
 * evaluated (a fact it reads is missing), since the mitigation then cannot be planned.
 */
export function overlaysOf(compiled: CompiledMitigation, service: ServiceSubject, placement: PlacementSubject): FactOverlay[] | undefined {
  const context = { service: service.cel, placement: placement.cel };
  const overlays: FactOverlay[] = [];
  for (const { path, expression } of compiled.sets) {
    const result = expression.evaluate(context);
    if (result.kind !== "value") return undefined;
    overlays.push({ path, value: result.value });
  }
  return overlays;
}

/**
 * A copy of the tree with the value at the dotted path, copying only the objects on the way (the
 * rest is shared, never mutated); `__proto__` is never written.
 */
function withPath<T>(tree: { readonly [key: string]: T }, path: readonly string[], value: T): { [key: string]: T } {
  const [key, ...rest] = path;
  const copy: { [key: string]: T } = { ...tree };
  if (key === undefined || key === "__proto__" || key === "constructor" || key === "prototype") return copy;
  const child = Object.hasOwn(tree, key) ? tree[key] : undefined;
  const base = typeof child === "object" && child !== null && !Array.isArray(child) ? (child as { readonly [key: string]: T }) : {};
  const next = rest.length === 0 ? value : (withPath(base, rest, value) as T);
  Object.defineProperty(copy, key, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** The service and placement with the overlays' facts set (paths start with `service` or `placement`). */
export function applyOverlays(
  service: ServiceSubject,
  placement: PlacementSubject,
  overlays: readonly FactOverlay[],
): { service: ServiceSubject; placement: PlacementSubject } {
  let serviceFacts = service.facts;
  let serviceCel: CelMap = service.cel;
  let placementFacts = placement.facts;
  let placementCel: CelMap = placement.cel;
  for (const { path, value } of overlays) {
    const [root, ...rest] = path;
    if (root === "service") {
      serviceFacts = withPath<unknown>(serviceFacts, rest, structuredClone(value));
      serviceCel = withPath<CelValue>(serviceCel, rest, toCelValue(value));
    } else if (root === "placement") {
      placementFacts = withPath<unknown>(placementFacts, rest, structuredClone(value));
      placementCel = withPath<CelValue>(placementCel, rest, toCelValue(value));
    }
  }
  return {
    service: { ...service, facts: serviceFacts, cel: serviceCel },
    placement: { ...placement, facts: placementFacts, cel: placementCel },
  };
}

/** The ids of the given rules that pass or no longer apply once the overlays are set. */
export function liftedRules(
  rules: readonly CompiledRule[],
  service: ServiceSubject,
  placement: PlacementSubject,
  overlays: readonly FactOverlay[],
  budget?: RunBudget,
): Set<string> {
  return liftedWith(rules, overlaidFacts(service, placement, overlays), budget);
}

/** The ids of the given rules that fail once the overlays are set. */
export function brokenRules(
  rules: readonly CompiledRule[],
  service: ServiceSubject,
  placement: PlacementSubject,
  overlays: readonly FactOverlay[],
  budget?: RunBudget,
): Set<string> {
  if (rules.length === 0 || overlays.length === 0) return new Set();
  return brokenWith(rules, overlaidFacts(service, placement, overlays), budget);
}

/**
 * A service and placement as they are, and with a set of overlays' facts set: the overlaid pair is
 * made when a rule that reads one of those facts is first decided, and then kept, so every rule
 * decided with the set reads the same subjects (and their fact keys are found once).
 */
interface OverlaidFacts {
  service: ServiceSubject;
  placement: PlacementSubject;
  /** The paths the overlays set. */
  paths: PathSet;
  overlaid(): { service: ServiceSubject; placement: PlacementSubject };
}

function overlaidFacts(service: ServiceSubject, placement: PlacementSubject, overlays: readonly FactOverlay[]): OverlaidFacts {
  let changed: ReturnType<typeof applyOverlays> | undefined;
  return {
    service,
    placement,
    paths: pathSetOf(overlays.map(({ path }) => path.join("."))),
    overlaid: () => {
      changed ??= applyOverlays(service, placement, overlays);
      return changed;
    },
  };
}

function liftedWith(rules: readonly CompiledRule[], facts: OverlaidFacts, budget: RunBudget | undefined): Set<string> {
  const lifted = new Set<string>();
  for (let i = 0; i < rules.length; i++) {
    const compiled = rules[i] as CompiledRule;
    const { status } = decideWithOverlays(compiled, facts, budget);
    if (status === "pass" || status === "not-applicable") lifted.add(compiled.rule.id);
  }
  return lifted;
}

function brokenWith(rules: readonly CompiledRule[], facts: OverlaidFacts, budget: RunBudget | undefined): Set<string> {
  const broken = new Set<string>();
  for (let i = 0; i < rules.length; i++) {
    const compiled = rules[i] as CompiledRule;
    if (decideWithOverlays(compiled, facts, budget).status === "fail") broken.add(compiled.rule.id);
  }
  return broken;
}

/**
 * A rule's verdict once the overlays are set. A rule that reads none of the facts they set is
 * decided on the facts as they are, which gives the same verdict from the cache of its fact keys.
 */
function decideWithOverlays(compiled: CompiledRule, facts: OverlaidFacts, budget: RunBudget | undefined): Verdict {
  if (!readsAnyOf(compiled, facts.paths)) return decideRule(compiled, facts.service, facts.placement, budget);
  const changed = facts.overlaid();
  return decideRule(compiled, changed.service, changed.placement, budget);
}

/** A fact path without CEL's optional `?` and list `[]` marks, for comparing paths. */
function normalizePath(path: string): string {
  return path.replaceAll("[]", "").replaceAll("?", "");
}

/** Each rule's reads, normalized once: the mitigate stage asks for every (service, placement). */
const normalizedReads = new WeakMap<CompiledRule, string[]>();

/**
 * Fact paths a mitigation stage asks about, with a key naming them: the pairs of a run ask about the
 * same few sets of paths, over and over, and each rule's answer for a set is kept by its key.
 */
export interface PathSet {
  paths: readonly string[];
  key: string;
}

/** The paths with their key. */
export function pathSetOf(paths: readonly string[]): PathSet {
  return { paths, key: paths.join("\u0000") };
}

/** Each rule's answer to `readsAnyOf`, by the key of the paths asked about. */
const readsByPathSet = new WeakMap<CompiledRule, Map<string, boolean>>();

/** True when a rule reads a fact at, above or below one of the paths (a read of `service.cluster` sees a change to `service.cluster.members`). */
export function readsAnyOf(compiled: CompiledRule, set: PathSet): boolean {
  let answers = readsByPathSet.get(compiled);
  if (!answers) {
    answers = new Map();
    readsByPathSet.set(compiled, answers);
  }
  let reads = answers.get(set.key);
  if (reads === undefined) {
    reads = readsAnyPath(readsOf(compiled), set.paths);
    answers.set(set.key, reads);
  }
  return reads;
}

/** A rule's reads, normalized. */
function readsOf(compiled: CompiledRule): string[] {
  let reads = normalizedReads.get(compiled);
  if (!reads) {
    reads = [...compiled.when.reads, ...compiled.fails.reads].map(normalizePath);
    normalizedReads.set(compiled, reads);
  }
  return reads;
}

/** True when one of the reads is at, above or below one of the paths. */
function readsAnyPath(reads: readonly string[], paths: readonly string[]): boolean {
  return paths.some((path) => reads.some((read) => read === path || isBelow(read, path) || isBelow(path, read)));
}

/** True when the dotted path lies below `above` (`a.b.c` below `a.b`), compared in place: this runs for every rule and mitigation of every pair. */
function isBelow(path: string, above: string): boolean {
  return path.length > above.length && path.charCodeAt(above.length) === DOT && path.startsWith(above);
}

const DOT = ".".charCodeAt(0);

/** Everything the mitigate stage needs for one (service, placement). */
export interface MitigateInput {
  rules: readonly CompiledRule[];
  mitigations: readonly CompiledMitigation[];
  service: ServiceSubject;
  placement: PlacementSubject;
  /** The findings as-is. */
  findings: readonly Finding[];
  settings: ScoringSettings;
  ruleIndex: RuleScoringIndex;
  /** The run's budget for the user's rules and mitigations, charged for every decision and mitigation considered here too. */
  budget?: RunBudget;
  /** Plans already made in this run, shared by the pairs that read the same facts (`createPlanMemo`). */
  memo?: PlanMemo;
}

/** What a plan decides for one (service, placement), apart from the findings it marks. */
interface Plan {
  /** The mitigation that lifts each lifted rule. */
  owner: ReadonlyMap<string, string>;
  plan: PlanStep[];
  upstream: MitigateOutcome["upstream"];
}

/**
 * Plans made in one run, by what decides them: the service and placement names, the status of
 * every finding, what each mitigation listing the placement sets (or that it does not apply), and
 * the fact key of every rule that reads a fact one of them sets. Workloads of a service mostly
 * agree on all of it, though their other facts (names, hosts, addresses) differ.
 */
export interface PlanMemo {
  plans: Map<string, Plan>;
  /** Whether findings with these statuses (in rule order) are ready as they are. */
  ready: Map<string, boolean>;
  /** The rules that read a fact some of these paths set, by the paths (the rules are the run's). */
  readers: Map<string, CompiledRule[]>;
}

export function createPlanMemo(): PlanMemo {
  return { plans: new Map(), ready: new Map(), readers: new Map() };
}

/** The mitigate stage's result for one (service, placement). */
export interface MitigateOutcome {
  /** The findings, with those the plan lifts marked `mitigated` and the mitigation's id. */
  findings: Finding[];
  plan: PlanStep[];
  /** Each applicable upstream change, and the fit with it on top of every usable mitigation. */
  upstream: { mitigation: string; fit: FitLevel }[];
}

interface Candidate {
  compiled: CompiledMitigation;
  overlays: FactOverlay[];
  alone: Set<string>;
}

/** The `sets` paths of a mitigation, as `service.a.b` / `placement.c`. */
function setPathsOf(compiled: CompiledMitigation): string[] {
  return compiled.sets.map(({ path }) => path.join("."));
}

/**
 * Finds the cheapest set of applicable deployment and runbook mitigations that lifts every failing
 * finding any of them can lift (and so reaches the best fit; nothing when the service is ready
 * as-is, which no plan improves): candidates that lift a failure alone,
 * chosen greedily by lifted weight per story point, then redundant ones dropped. The rules that hold
 * as-is and read a fact a mitigation sets are decided again with it: a mitigation, or a set of them,
 * that makes such a rule fail is never planned, since it trades one failure for another. Lifted
 * findings become `mitigated` with the id of the mitigation that lifts them, never `pass`. Upstream
 * changes are not planned; their effect is reported separately for the upstream ranking.
 */
export function mitigatePlacement(input: MitigateInput): MitigateOutcome {
  const { findings, memo } = input;
  const unchanged = () => ({ findings: [...findings], plan: [], upstream: [] });
  if (!findings.some((f) => f.status === "fail") || input.mitigations.length === 0) return unchanged();
  const statuses = memo ? statusKeyOf(findings, input.rules) : undefined;
  // Ready as-is is the best fit there is: a plan would only turn it into ready-with-mitigations.
  let ready = statuses === undefined ? undefined : memo?.ready.get(statuses);
  if (ready === undefined) {
    ready = fitWithMitigations(findings, input) === "ready";
    if (statuses !== undefined) memo?.ready.set(statuses, ready);
  }
  if (ready) return unchanged();
  const applicable = applicableMitigations(input);
  const key = memo && statuses !== undefined ? planKeyOf(input, memo, statuses, applicable) : undefined;
  let decided = key === undefined ? undefined : memo?.plans.get(key);
  if (!decided) {
    decided = planMitigations(input, applicable);
    if (key !== undefined) memo?.plans.set(key, decided);
  }
  return {
    findings: decided.owner.size === 0 ? [...findings] : markMitigated(findings, decided.owner),
    plan: decided.plan.map((step) => ({ ...step, lifts: [...step.lifts] })),
    upstream: decided.upstream.map((u) => ({ ...u })),
  };
}

type Applicable = { compiled: CompiledMitigation; overlays: FactOverlay[] }[];

/** The mitigations that list the placement and apply, with what they set, each consideration charged to the run's budget. */
function applicableMitigations(input: MitigateInput): Applicable {
  const found: Applicable = [];
  for (const compiled of input.mitigations) {
    if (!compiled.mitigation.placements.includes(input.placement.name)) continue;
    if (input.budget && !chargeMitigation(input.budget, compiled.mitigation.id, costOf(compiled))) continue;
    if (!isMitigationApplicable(compiled, input.service, input.placement)) continue;
    const overlays = overlaysOf(compiled, input.service, input.placement);
    if (overlays) found.push({ compiled, overlays });
  }
  return found;
}

const STATUS_CODES: Record<Finding["status"], string> = {
  pass: "p",
  fail: "f",
  unknown: "u",
  "not-applicable": "n",
  mitigated: "m",
  waived: "w",
};

/** The status of every finding, in rule order; undefined when the findings are not one per rule in that order. */
function statusKeyOf(findings: readonly Finding[], rules: readonly CompiledRule[]): string | undefined {
  const order = sortedById(rules);
  if (findings.length !== order.length) return undefined;
  // One code per finding, joined once: a string grown a code at a time is a chain of pieces for every pair.
  const statuses: string[] = new Array(findings.length);
  for (let index = 0; index < findings.length; index++) {
    const finding = findings[index] as Finding;
    if (finding.rule !== order[index]?.rule.id) return undefined;
    statuses[index] = STATUS_CODES[finding.status];
  }
  return statuses.join("");
}

/**
 * The memo key of a pair's plan. Finding the applicable mitigations charges the run's budget as
 * planning would, and a mitigation the budget left out changes the key; every decision a shared
 * plan made reads the same facts, so the budget has charged it already.
 */
function planKeyOf(input: MitigateInput, memo: PlanMemo, statuses: string, applicable: Applicable): string {
  const { service, placement, rules } = input;
  const sets = JSON.stringify(
    applicable.map(({ compiled, overlays }) => [compiled.mitigation.id, overlays.map(({ path, value }) => [path, value])]),
    (_key, value) => (typeof value === "bigint" ? `${value}n` : value),
  );
  const setPaths = pathSetOf([...new Set(applicable.flatMap(({ compiled }) => setPathsOf(compiled)))]);
  let readers = memo.readers.get(setPaths.key);
  if (!readers) {
    readers = rules.filter((r) => readsAnyOf(r, setPaths));
    memo.readers.set(setPaths.key, readers);
  }
  const entries = readers.map((r) => factKeyEntryOf(r, service, placement).id);
  const kind = `${service.generic ? "g" : ""}${service.job ? "j" : ""}`;
  return [service.name, kind, placement.name, statuses, sets, entries.join(",")].join("\u0000");
}

/** The plan for one pair: the cheapest cover of what the applicable mitigations can lift, and the upstream changes' fits. */
function planMitigations(input: MitigateInput, applicable: Applicable): Plan {
  const { service, placement, findings } = input;
  const failing = findings.filter((f) => f.status === "fail");
  const failingIds = new Set(failing.map((f) => f.rule));
  const failingRules = input.rules.filter((r) => failingIds.has(r.rule.id));
  const weightOf = new Map(failing.map((f) => [f.rule, input.settings.weights[f.severity]]));

  // Rules that hold (or do not apply) as-is and read a fact some applicable mitigation sets.
  const setPaths = pathSetOf([...new Set(applicable.flatMap(({ compiled }) => setPathsOf(compiled)))]);
  const holding = new Set(findings.filter((f) => f.status === "pass" || f.status === "not-applicable").map((f) => f.rule));
  const watched = input.rules.filter((r) => holding.has(r.rule.id) && readsAnyOf(r, setPaths));
  // The greedy cover asks again about sets it has seen; overlays apply in id order, so the ids name the set.
  const overlaidBy = new Map<string, OverlaidFacts>();
  const overlaidOf = (key: string, ordered: readonly { overlays: FactOverlay[] }[]) => {
    let facts = overlaidBy.get(key);
    if (!facts) {
      facts = overlaidFacts(
        service,
        placement,
        ordered.flatMap((c) => c.overlays),
      );
      overlaidBy.set(key, facts);
    }
    return facts;
  };
  const breaks = new Map<string, boolean>();
  const breaksSomething = (set: readonly { compiled: CompiledMitigation; overlays: FactOverlay[] }[]) => {
    if (watched.length === 0) return false;
    const ordered = [...set].sort((a, b) => (a.compiled.mitigation.id < b.compiled.mitigation.id ? -1 : 1));
    const key = ordered.map((c) => c.compiled.mitigation.id).join("\u0000");
    let broken = breaks.get(key);
    if (broken === undefined) {
      const overlays = overlaidOf(key, ordered);
      broken = overlays.paths.paths.length > 0 && brokenWith(watched, overlays, input.budget).size > 0;
      breaks.set(key, broken);
    }
    return broken;
  };
  const candidates: Candidate[] = applicable
    .filter((c) => !breaksSomething([c]))
    .map(({ compiled, overlays }) => ({
      compiled,
      overlays,
      alone: liftedWith(failingRules, overlaidOf(compiled.mitigation.id, [{ overlays }]), input.budget),
    }));
  const usable = candidates
    .filter((c) => c.compiled.mitigation.remediationKind !== "upstream")
    .sort((a, b) => a.compiled.mitigation.effort - b.compiled.mitigation.effort || compareIds(a, b));
  const cache = new Map<string, Set<string>>();
  const liftedBy = (set: readonly Candidate[]) => {
    if (set.length === 0) return new Set<string>();
    // Overlays apply in id order, so a set gives the same facts whatever order it was built in.
    const ordered = [...set].sort(compareIds);
    const key = ordered.map((c) => c.compiled.mitigation.id).join("\u0000");
    let lifted = cache.get(key);
    if (!lifted) {
      lifted = liftedWith(failingRules, overlaidOf(key, ordered), input.budget);
      cache.set(key, lifted);
    }
    return lifted;
  };

  const reachable = liftedBy(usable);
  const chosen = chooseCover(usable, reachable, weightOf, liftedBy, breaksSomething);
  const lifted = liftedBy(chosen);
  const plan = chosen
    .map((c) => ({ candidate: c, lifts: [] as string[] }))
    .sort(
      (a, b) => a.candidate.compiled.mitigation.effort - b.candidate.compiled.mitigation.effort || compareIds(a.candidate, b.candidate),
    );
  const owner = new Map<string, string>();
  for (const rule of [...lifted].sort()) {
    // A rule lifted by one mitigation alone belongs to the first such in the plan; one lifted only
    // by several together belongs to the first step that lifts nothing alone (the helper it needs),
    // else to the first of the plan.
    const step = plan.find((p) => p.candidate.alone.has(rule)) ?? plan.find((p) => p.candidate.alone.size === 0) ?? plan[0];
    if (!step) continue;
    step.lifts.push(rule);
    owner.set(rule, step.candidate.compiled.mitigation.id);
  }
  const upstream: MitigateOutcome["upstream"] = [];
  for (const candidate of candidates) {
    if (candidate.compiled.mitigation.remediationKind !== "upstream") continue;
    if (breaksSomething([...chosen, candidate])) continue;
    const withUpstream = liftedBy([...usable, candidate]);
    const marked = markMitigated(findings, new Map([...withUpstream].map((rule) => [rule, candidate.compiled.mitigation.id])));
    upstream.push({ mitigation: candidate.compiled.mitigation.id, fit: fitWithMitigations(marked, input) });
  }

  return {
    owner,
    // Every step kept is needed: one that lifts no rule alone is what makes another step's rules lift.
    plan: plan.map(({ candidate, lifts }) => ({
      mitigation: candidate.compiled.mitigation.id,
      lifts,
      effort: candidate.compiled.mitigation.effort,
      remediationKind: candidate.compiled.mitigation.remediationKind,
    })),
    upstream: upstream.sort((a, b) => (a.mitigation < b.mitigation ? -1 : a.mitigation > b.mitigation ? 1 : 0)),
  };
}

/**
 * A cheap set of candidates that together lift everything `reachable` holds: greedy by newly lifted
 * weight per story point, then candidates whose removal lifts no less are dropped, dearest first.
 */
function chooseCover(
  usable: readonly Candidate[],
  reachable: ReadonlySet<string>,
  weightOf: ReadonlyMap<string, number>,
  liftedBy: (set: readonly Candidate[]) => Set<string>,
  breaksSomething: (set: readonly Candidate[]) => boolean,
): Candidate[] {
  if (reachable.size === 0) return [];
  const chosen: Candidate[] = [];
  let covered = new Set<string>();
  const remaining = usable.filter((c) => c.alone.size > 0);
  while (covered.size < reachable.size && remaining.length > 0) {
    let best = -1;
    let bestGain = 0;
    for (const [index, candidate] of remaining.entries()) {
      let gain = 0;
      for (const rule of candidate.alone) if (!covered.has(rule)) gain += weightOf.get(rule) ?? 0;
      // Weight 0 (info) still counts as something lifted, just less than any weighted rule.
      const newly = [...candidate.alone].some((r) => !covered.has(r));
      const score = newly ? (gain + 0.001) / candidate.compiled.mitigation.effort : 0;
      if (score > bestGain) {
        bestGain = score;
        best = index;
      }
    }
    if (best === -1) break;
    const [picked] = remaining.splice(best, 1);
    if (!picked) break;
    // Together with the ones already chosen it may make a holding rule fail: leave it out.
    if (breaksSomething([...chosen, picked])) continue;
    chosen.push(picked);
    covered = liftedBy(chosen);
  }
  // Rules lifted only by several mitigations together: add the cheapest others until all are lifted.
  for (const candidate of usable) {
    if (covered.size >= reachable.size) break;
    if (chosen.includes(candidate) || breaksSomething([...chosen, candidate])) continue;
    const next = liftedBy([...chosen, candidate]);
    if (next.size > covered.size) {
      chosen.push(candidate);
      covered = next;
    }
  }
  // Rules that no single addition brings closer, because each of the fixes they need lifts nothing
  // alone: add every other candidate that breaks nothing with those chosen, cheapest first, and keep
  // them only if they lift more; the pruning below leaves the ones the rules need.
  if (covered.size < reachable.size) {
    const joined = [...chosen];
    for (const candidate of usable) {
      if (!joined.includes(candidate) && !breaksSomething([...joined, candidate])) joined.push(candidate);
    }
    const next = liftedBy(joined);
    if (next.size > covered.size) {
      chosen.splice(0, chosen.length, ...joined);
      covered = next;
    }
  }
  const byCostDesc = [...chosen].sort((a, b) => b.compiled.mitigation.effort - a.compiled.mitigation.effort || compareIds(b, a));
  let kept = [...chosen];
  for (const candidate of byCostDesc) {
    const without = kept.filter((c) => c !== candidate);
    if (liftedBy(without).size >= covered.size && !breaksSomething(without)) kept = without;
  }
  return kept;
}

/** The estimated evaluations of considering a mitigation once: its `applies` and every `sets` expression. */
function costOf(compiled: CompiledMitigation): number {
  return compiled.sets.reduce((sum, { expression }) => sum + expression.cost, compiled.applies.cost);
}

function markMitigated(findings: readonly Finding[], owner: ReadonlyMap<string, string>): Finding[] {
  return findings.map((f) => {
    const mitigation = owner.get(f.rule);
    return f.status === "fail" && mitigation !== undefined ? { ...f, status: "mitigated" as const, mitigation } : f;
  });
}

function fitWithMitigations(findings: readonly Finding[], input: MitigateInput): FitLevel {
  const scores = scoreFindings(findings, input.settings.weights, input.ruleIndex, "pass");
  return fitOf(scores, confidenceOf(findings), findings, input.settings.thresholds, input.ruleIndex, "pass");
}

function compareIds(a: Candidate, b: Candidate): number {
  const x = a.compiled.mitigation.id;
  const y = b.compiled.mitigation.id;
  return x < y ? -1 : x > y ? 1 : 0;
}
