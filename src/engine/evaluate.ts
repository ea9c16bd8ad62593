import type { CompiledRule, Loaded } from "../load/documents.js";
import type { Finding } from "../model/assessment.js";
import type { SourceLocation } from "../model/facts.js";
import type { Placement } from "../model/placement.js";
import type { CompiledCondition, ConditionResult } from "./cel.js";
import { renderMessage } from "./message.js";
import { locateFacts, type PlacementSubject, placementCitesFacts, type ServiceSubject } from "./subject.js";

/** The verdict of one rule's conditions, before it becomes a finding. */
export type Verdict = { status: "pass" | "fail" | "not-applicable" } | { status: "unknown"; missing: string[]; reason?: string };

/**
 * Decides one rule for one (service, placement): `when` false is not-applicable; a missing fact in
 * either condition is unknown, naming the fact; otherwise `fails` decides. Never throws.
 */
export function decideRule(
  compiled: CompiledRule,
  service: ServiceSubject,
  placement: PlacementSubject,
  /** The run's budget for the user's rules; a rule it holds is unknown once the budget is spent. */
  budget?: RunBudget,
): Verdict {
  const entry = entryOf(compiled, service, placement, serviceKeyPartsOf(service));
  return decideEntry(compiled, scopeOf(compiled), service, placement, entry, budget);
}

/**
 * The place of one fact key in a rule's verdict cache: two decisions of a rule share an entry
 * exactly when the values of the facts the rule reads are the same (`factKeyOf`).
 */
export interface KeyEntry {
  /** Numbers the entries of a process, for memo keys built from several of them. */
  readonly id: number;
  verdict?: Verdict;
}

let nextEntryId = 0;

/** Per rule, the entries by the service part of the fact key, then by its placement part. */
const entries = new WeakMap<CompiledRule, Map<string, Map<string, KeyEntry>>>();

function entriesOf(compiled: CompiledRule): Map<string, Map<string, KeyEntry>> {
  let byService = entries.get(compiled);
  if (!byService) {
    byService = new Map();
    entries.set(compiled, byService);
  }
  return byService;
}

/** A rule's entries for the service's part of its fact key, by the placement's part. */
function byPlacementOf(byService: Map<string, Map<string, KeyEntry>>, scope: RuleScope, service: ServiceSubject): Map<string, KeyEntry> {
  // The service's paths read nothing of the placement.
  const servicePart = keyOfPaths(scope.servicePaths, service.facts, {});
  let byPlacement = byService.get(servicePart);
  if (!byPlacement) {
    byPlacement = new Map();
    byService.set(servicePart, byPlacement);
  }
  return byPlacement;
}

function entryIn(byPlacement: Map<string, KeyEntry>, placementPart: string): KeyEntry {
  let entry = byPlacement.get(placementPart);
  if (!entry) {
    entry = { id: nextEntryId++ };
    byPlacement.set(placementPart, entry);
  }
  return entry;
}

/**
 * The entry of a rule's fact key for a pair. The service's part of the key is found once per
 * subject and rule, and the placement's part once per placement subject and rule, so finding the
 * entry again hashes no new string.
 */
function entryOf(
  compiled: CompiledRule,
  service: ServiceSubject,
  placement: PlacementSubject,
  serviceParts: Map<CompiledRule, Map<string, KeyEntry>>,
): KeyEntry {
  const scope = scopeOf(compiled);
  let byPlacement = serviceParts.get(compiled);
  if (byPlacement === undefined) {
    byPlacement = byPlacementOf(entriesOf(compiled), scope, service);
    serviceParts.set(compiled, byPlacement);
  }
  return entryIn(byPlacement, scope.placementPaths.length === 0 ? "" : placementKeyPartOf(compiled, scope, placement));
}

/** The part of each rule's fact key from the placement's facts, per placement subject. */
const placementKeyParts = new WeakMap<PlacementSubject, Map<CompiledRule, string>>();

function placementKeyPartOf(compiled: CompiledRule, scope: RuleScope, placement: PlacementSubject): string {
  let parts = placementKeyParts.get(placement);
  if (!parts) {
    parts = new Map();
    placementKeyParts.set(placement, parts);
  }
  let part = parts.get(compiled);
  if (part === undefined) {
    // The placement's paths read nothing of the service.
    part = keyOfPaths(scope.placementPaths, {}, placement.facts);
    parts.set(compiled, part);
  }
  return part;
}

function decideEntry(
  compiled: CompiledRule,
  scope: RuleScope,
  service: ServiceSubject,
  placement: PlacementSubject,
  entry: KeyEntry,
  budget: RunBudget | undefined,
): Verdict {
  // A generic workload has no profile: only checks of what its files say apply.
  if (service.generic && !scope.readsArtifact) return NOT_APPLICABLE;
  if (service.job && (!scope.readsManifest || scope.readsLongRunning)) return NOT_APPLICABLE;
  if (budget?.rules.has(compiled.rule.id) && !chargeBudget(budget, compiled, entry)) {
    return { status: "unknown", missing: [], reason: describeSpentBudget(budget) };
  }
  let verdict = entry.verdict;
  if (!verdict) {
    verdict = decideOnce(compiled, service, placement);
    entry.verdict = verdict;
  }
  // Undecided for want of what only a profile knows (role, process, cluster): the check needs service knowledge.
  if (service.generic && verdict.status === "unknown" && verdict.missing.length > 0 && verdict.missing.every(needsKnowledge))
    return NOT_APPLICABLE;
  return verdict;
}

const NOT_APPLICABLE: Verdict = Object.freeze({ status: "not-applicable" });

/**
 * The evaluations the user's rules may spend in one run: the sum of the estimated cost
 * (`CompiledCondition.cost`) of each rule decided for each distinct set of the facts it reads. Each
 * rule alone is held to EVALUATION_BUDGET when it compiles, but many rules under it, over many
 * workloads, could still run for an hour. cel-js runs about 10 million estimated evaluations a
 * second (two nested comprehensions over 1,000 elements each took 0.5 s on a busy two-core
 * machine), so the budget bounds their work to about a minute at worst. The built-in rules are
 * reviewed and not held to it.
 */
export const RUN_EVALUATION_BUDGET = 500_000_000;

/** What the user's rules and mitigations have spent of one run's evaluation budget. */
export interface RunBudget {
  readonly limit: number;
  /** The ids of the rules the budget holds. */
  readonly rules: ReadonlySet<string>;
  /** The ids of the mitigations the budget holds. */
  readonly mitigations: ReadonlySet<string>;
  /** The mitigations it holds that some plan left out because the budget was spent. */
  readonly skippedMitigations: Set<string>;
  spent: number;
  /** Set once a decision did not fit: every later decision it holds is unknown, so the cut is one point in the run. */
  exhausted: boolean;
  /** Per rule, the fact keys decided within the budget this run: deciding one again costs nothing. */
  readonly decided: Map<string, Set<KeyEntry>>;
}

/** Starts a run's evaluation budget for the given rule and mitigation ids (the user's). */
export function createRunBudget(
  rules: Iterable<string>,
  limit: number = RUN_EVALUATION_BUDGET,
  mitigations: Iterable<string> = [],
): RunBudget {
  return {
    limit,
    rules: new Set(rules),
    mitigations: new Set(mitigations),
    skippedMitigations: new Set(),
    spent: 0,
    exhausted: false,
    decided: new Map(),
  };
}

/**
 * Charges one consideration of a mitigation for a (service, placement) pair, its `applies` and
 * `sets` at their estimated cost; false when the budget holds it and it does not fit, which spends
 * the budget for the rest of the run and records the mitigation as left out.
 */
export function chargeMitigation(budget: RunBudget, id: string, cost: number): boolean {
  if (!budget.mitigations.has(id)) return true;
  if (budget.exhausted || budget.spent + cost > budget.limit) {
    budget.exhausted = true;
    budget.skippedMitigations.add(id);
    return false;
  }
  budget.spent += cost;
  return true;
}

/** Charges a decision to the budget; false when it does not fit, which spends the budget for the rest of the run. */
function chargeBudget(budget: RunBudget, compiled: CompiledRule, key: KeyEntry): boolean {
  let decided = budget.decided.get(compiled.rule.id);
  if (!decided) {
    decided = new Set();
    budget.decided.set(compiled.rule.id, decided);
  }
  if (decided.has(key)) return true;
  const cost = compiled.when.cost + compiled.fails.cost;
  if (budget.exhausted || budget.spent + cost > budget.limit) {
    budget.exhausted = true;
    return false;
  }
  budget.spent += cost;
  decided.add(key);
  return true;
}

function describeSpentBudget(budget: RunBudget): string {
  return `the run's evaluation budget for user rules is spent (estimated ${budget.spent.toExponential(1)} of ${budget.limit.toExponential(1)} evaluations); assess fewer inputs at once, or make rules with nested comprehensions cheaper`;
}

function needsKnowledge(fact: string): boolean {
  const [root, first] = fact.split(".");
  return root === "service" && first !== undefined && !GENERIC_FACTS.has(first);
}

/**
 * The `service` facts a generic workload can be missing without the check needing service
 * knowledge: its name, what its files say, and `host`, whose absence the deployment checks read as
 * "needs no host access" (the Pod Security Standards baseline,
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/).
 */
const GENERIC_FACTS = new Set(["name", "project", "deployment", "oslo", "host"]);

interface RuleScope {
  /** The facts the rule reads, each once, `when`'s first, as a finding cites them. */
  reads: string[];
  /** Each path the rule reads. */
  paths: ReadPath[];
  /** The paths of `paths` under `service`, and those under `placement`. */
  servicePaths: ReadPath[];
  placementPaths: ReadPath[];
  /** True when it reads the workload's manifest (`service.deployment`). */
  readsManifest: boolean;
  /** True when it reads the user's files (the manifest or an oslo.config file). */
  readsArtifact: boolean;
  /** True when it reads how a long-running pod is kept available (probes, preStop, disruption budget, replicas, rolling updates). */
  readsLongRunning: boolean;
}

/**
 * Deployment facts about keeping a long-running pod available; a Job or CronJob runs to completion
 * (https://kubernetes.io/docs/concepts/workloads/controllers/job/), so checks of them do not concern it.
 */
const LONG_RUNNING_FACTS = new Set([
  "readinessProbe",
  "livenessProbe",
  "startupProbe",
  "livenessSameAsReadiness",
  "startupBudgetSeconds",
  "preStop",
  "hasPdb",
  "pdbMinAvailable",
  "pdbMaxUnavailable",
  "pdbAllowsNoDisruption",
  "replicas",
  "updateStrategy",
  "updateMaxUnavailable",
  "antiAffinity",
  "topologySpread",
  "headlessService",
]);

const scopes = new WeakMap<CompiledRule, RuleScope>();

function scopeOf(compiled: CompiledRule): RuleScope {
  let scope = scopes.get(compiled);
  if (scope) return scope;
  const paths = readPathsOf([compiled.when, compiled.fails]);
  const servicePaths = paths.filter((p) => p.root === "service");
  // A read of the value of all of `service` (or all of its manifest) reads the manifest and every fact in it.
  const whole = servicePaths.some((p) => p.segments.length === 0 && !p.presenceOnly);
  const wholeManifest = whole || servicePaths.some((p) => p.segments.length === 1 && p.segments[0] === "deployment" && !p.presenceOnly);
  scope = {
    reads: [...new Set([...compiled.when.reads, ...compiled.fails.reads])],
    paths,
    servicePaths,
    placementPaths: paths.filter((p) => p.root === "placement"),
    readsManifest: wholeManifest || servicePaths.some((p) => p.segments[0] === "deployment"),
    readsArtifact: whole || servicePaths.some((p) => p.segments[0] === "deployment" || p.segments[0] === "oslo"),
    readsLongRunning:
      wholeManifest || servicePaths.some((p) => p.segments[0] === "deployment" && LONG_RUNNING_FACTS.has(p.segments[1] ?? "")),
  };
  scopes.set(compiled, scope);
  return scope;
}

/** One fact path a condition reads, split, and whether only its presence matters (`has()`). */
export interface ReadPath {
  root: "service" | "placement";
  segments: string[];
  presenceOnly: boolean;
  /**
   * When every condition reads the value element by element: the fields each reads of a list's
   * elements, split (see {@link CompiledCondition.elements}). Absent, the value is read whole.
   */
  elements?: string[][];
}

/** What `readPathsOf` needs of a condition; reads without `elements` are read whole. */
export type ConditionReads = Pick<CompiledCondition, "reads" | "presenceOnly"> & Partial<Pick<CompiledCondition, "elements">>;

/** The paths the conditions read, sorted; a path is presence-only when no condition reads its value. */
export function readPathsOf(conditions: readonly ConditionReads[]): ReadPath[] {
  const valueRead = new Set<string>();
  // Per path read for its value: the element fields read, or undefined once any condition reads it whole.
  const fields = new Map<string, Set<string> | undefined>();
  for (const condition of conditions) {
    for (const read of condition.reads) {
      if (condition.presenceOnly.includes(read)) continue;
      const own = condition.elements?.[read];
      const known = valueRead.has(read) ? fields.get(read) : new Set<string>();
      valueRead.add(read);
      if (own === undefined || known === undefined) fields.set(read, undefined);
      else fields.set(read, new Set([...known, ...own]));
    }
  }
  const unique = [...new Set(conditions.flatMap((c) => c.reads))].sort();
  return unique.map((read) => {
    const [root, ...segments] = read.split(".");
    const path: ReadPath = { root: root as "service" | "placement", segments, presenceOnly: !valueRead.has(read) };
    const elementFields = fields.get(read);
    if (elementFields !== undefined) path.elements = [...elementFields].sort().map((field) => field.split("."));
    return path;
  });
}

/** Per condition: the paths it reads and its results so far, by the values of those facts. */
const conditionResults = new WeakMap<CompiledCondition, { paths: ReadPath[]; results: Map<string, ConditionResult> }>();

/**
 * Evaluates a condition once per distinct set of values of the facts it reads (the key
 * `factKeyOf` builds), as rules are decided: a mitigation's `applies` is asked of every
 * (service, placement), and most pairs agree on what it reads.
 */
export function evaluateShared(condition: CompiledCondition, service: ServiceSubject, placement: PlacementSubject): ConditionResult {
  let entry = conditionResults.get(condition);
  if (!entry) {
    entry = { paths: readPathsOf([condition]), results: new Map() };
    conditionResults.set(condition, entry);
  }
  const key = keyOfPaths(entry.paths, service.facts, placement.facts);
  let result = entry.results.get(key);
  if (!result) {
    result = condition.evaluate({ service: service.cel, placement: placement.cel });
    entry.results.set(key, result);
  }
  return result;
}

/** CEL macros and methods a path can end in (https://github.com/google/cel-spec/blob/master/doc/langdef.md#list-of-standard-definitions). */
const CEL_METHODS = new Set(["all", "exists", "exists_one", "filter", "map", "size", "contains", "startsWith", "endsWith", "matches"]);

const jsonOfObject = new WeakMap<object, string>();
const internedJson = new Map<string, string>();

/**
 * A key for the values of every fact a rule reads: two (service, placement) pairs with the same key
 * get the same verdict, so each rule is decided once per distinct set of facts it reads.
 */
export function factKeyOf(compiled: CompiledRule, service: ServiceSubject, placement: PlacementSubject): string {
  return keyOfPaths(scopeOf(compiled).paths, service.facts, placement.facts);
}

/**
 * The part of each rule's fact key from the service's facts, per service subject: a workload is
 * decided under every placement, and this part is the same under each. A subject's facts are never
 * written to (overlays make new subjects), so its parts stay true.
 */
const serviceKeyParts = new WeakMap<ServiceSubject, Map<CompiledRule, Map<string, KeyEntry>>>();

/** Per rule, the entries of the subject's part of the rule's fact key, by the placement's part. */
function serviceKeyPartsOf(service: ServiceSubject): Map<CompiledRule, Map<string, KeyEntry>> {
  let parts = serviceKeyParts.get(service);
  if (!parts) {
    parts = new Map();
    serviceKeyParts.set(service, parts);
  }
  return parts;
}

/** The entry of a rule's fact key for a (service, placement). */
export function factKeyEntryOf(compiled: CompiledRule, service: ServiceSubject, placement: PlacementSubject): KeyEntry {
  return entryOf(compiled, service, placement, serviceKeyPartsOf(service));
}

/**
 * The entry of each rule's fact key for a (service, placement), by rule id: two pairs whose entries
 * for a rule are the same object read the same facts for it, and get the same verdict.
 */
export function factKeyEntries(
  rules: readonly CompiledRule[],
  service: ServiceSubject,
  placement: PlacementSubject,
): Map<string, KeyEntry> {
  return byRuleId(rules, factKeyEntryRow(rules, service, placement));
}

/** Entries by position in `sortedById(rules)`, keyed by their rules' ids instead. */
function byRuleId(rules: readonly CompiledRule[], row: readonly KeyEntry[]): Map<string, KeyEntry> {
  return new Map(sortedById(rules).map((compiled, i) => [compiled.rule.id, row[i] as KeyEntry]));
}

/** `factKeyEntries` by position: the entry of each rule of `sortedById(rules)`, in that order. */
export function factKeyEntryRow(rules: readonly CompiledRule[], service: ServiceSubject, placement: PlacementSubject): KeyEntry[] {
  const rows = rowsOf(rules);
  const serviceParts = serviceRowPartsOf(service, rows);
  const placementParts = placementRowPartsOf(placement, rows);
  return rows.map((row, i) => rowEntry(row, i, service, serviceParts, placementParts));
}

/**
 * A list of rules sorted by id, each with what it reads and its fact key entries: evaluating every
 * rule for a pair walks the rows by position, where finding each rule's entry by the rule itself
 * would hash it several times over for every rule, workload and placement.
 */
interface RuleRow {
  readonly compiled: CompiledRule;
  readonly scope: RuleScope;
  readonly entries: Map<string, Map<string, KeyEntry>>;
}

const ruleRows = new WeakMap<readonly CompiledRule[], readonly RuleRow[]>();

function rowsOf(rules: readonly CompiledRule[]): readonly RuleRow[] {
  let rows = ruleRows.get(rules);
  if (!rows) {
    rows = sortedById(rules).map((compiled) => ({ compiled, scope: scopeOf(compiled), entries: entriesOf(compiled) }));
    ruleRows.set(rules, rows);
  }
  return rows;
}

/** Per subject, the entries of each row's service part, by the rows' position; for the rows last asked about. */
const serviceRowParts = new WeakMap<ServiceSubject, { rows: readonly RuleRow[]; parts: (Map<string, KeyEntry> | undefined)[] }>();

function serviceRowPartsOf(service: ServiceSubject, rows: readonly RuleRow[]): (Map<string, KeyEntry> | undefined)[] {
  let held = serviceRowParts.get(service);
  if (held?.rows !== rows) {
    held = { rows, parts: new Array(rows.length).fill(undefined) };
    serviceRowParts.set(service, held);
  }
  return held.parts;
}

/** Per placement subject, each row's placement part (empty for a rule that reads no placement fact); for the rows last asked about. */
const placementRowParts = new WeakMap<PlacementSubject, { rows: readonly RuleRow[]; parts: string[] }>();

function placementRowPartsOf(placement: PlacementSubject, rows: readonly RuleRow[]): string[] {
  let held = placementRowParts.get(placement);
  if (held?.rows !== rows) {
    const parts = rows.map(({ compiled, scope }) =>
      scope.placementPaths.length === 0 ? "" : placementKeyPartOf(compiled, scope, placement),
    );
    held = { rows, parts };
    placementRowParts.set(placement, held);
  }
  return held.parts;
}

function rowEntry(
  row: RuleRow,
  index: number,
  service: ServiceSubject,
  serviceParts: (Map<string, KeyEntry> | undefined)[],
  placementParts: readonly string[],
): KeyEntry {
  let byPlacement = serviceParts[index];
  if (byPlacement === undefined) {
    byPlacement = byPlacementOf(row.entries, row.scope, service);
    serviceParts[index] = byPlacement;
  }
  return entryIn(byPlacement, placementParts[index] as string);
}

/**
 * A key for the values of the `service` facts at `paths` as conditions see them: two fact views
 * with the same key give every condition reading only those paths the same result (`factKeyOf`).
 */
export function serviceFactsKey(paths: readonly ReadPath[], facts: Record<string, unknown>): string {
  return keyOfPaths(paths, facts, NO_FACTS);
}

const NO_FACTS: Record<string, unknown> = Object.freeze({});

function keyOfPaths(paths: readonly ReadPath[], serviceFacts: Record<string, unknown>, placementFacts: Record<string, unknown>): string {
  let key = "";
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as ReadPath;
    key += keyAt(path.root === "service" ? serviceFacts : placementFacts, path.segments, path.presenceOnly, path.elements);
    key += "\u0001";
  }
  return key;
}

/** The key of the value at `segments` under `root`, as `keyOfPaths` builds it for one path. */
function keyAt(root: unknown, segments: readonly string[], presenceOnly: boolean, elements: readonly string[][] | undefined): string {
  // The value at the path, or the deepest value on the way and how many segments led to it.
  let value = root;
  let depth = 0;
  while (depth < segments.length) {
    const segment = segments[depth] as string;
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment)) break;
    value = (value as Record<string, unknown>)[segment];
    depth++;
  }
  if (depth === segments.length)
    return elements !== undefined && Array.isArray(value) ? elementsKeyOf(value, elements) : keyPartOf(value, presenceOnly);
  // A path that stops at a method (`adminProcesses.exists`) reads the value it stopped at; one that stops at a missing key of a map reads only that absence.
  if (Array.isArray(value) || typeof value !== "object" || CEL_METHODS.has(segments[depth] ?? ""))
    return `${depth}:${keyPartOf(value, false)}`;
  return `${depth}:missing`;
}

/**
 * The key of a list read element by element: each element's read fields, in order. An element
 * that is not a map (which a field read fails on) stops each field's path at once, so it is keyed
 * whole.
 */
function elementsKeyOf(list: readonly unknown[], elements: readonly string[][]): string {
  let key = "[";
  for (let i = 0; i < list.length; i++) {
    key += "\u0003";
    for (let j = 0; j < elements.length; j++) key += `${keyAt(list[i], elements[j] as string[], false, undefined)}\u0004`;
  }
  return `${key}]`;
}

function keyPartOf(value: unknown, presenceOnly: boolean): string {
  if (value === undefined) return "u";
  if (value === null) return "n";
  // `has()` of a field tells only that it is there, whatever its value.
  if (presenceOnly && !Array.isArray(value)) return "o";
  if (typeof value !== "object") return `${typeof value}:${String(value)}`;
  let id = jsonOfObject.get(value);
  if (id === undefined) {
    const json = JSON.stringify(value);
    id = internedJson.get(json);
    if (id === undefined) {
      id = `#${internedJson.size}`;
      internedJson.set(json, id);
    }
    jsonOfObject.set(value, id);
  }
  return id;
}

function decideOnce(compiled: CompiledRule, service: ServiceSubject, placement: PlacementSubject): Verdict {
  const context = { service: service.cel, placement: placement.cel };
  const applies = compiled.when.evaluate(context);
  if (applies.kind !== "value") return unknownFrom(applies);
  if (!applies.value) return { status: "not-applicable" };
  const fails = compiled.fails.evaluate(context);
  if (fails.kind !== "value") return unknownFrom(fails);
  return { status: fails.value ? "fail" : "pass" };
}

function unknownFrom(result: Exclude<ConditionResult, { kind: "value" }>): Verdict {
  if (result.kind === "missing") return { status: "unknown", missing: result.facts };
  return { status: "unknown", missing: [], reason: result.message };
}

/** Evaluates every rule for one (service, placement) into findings, sorted by rule id. */
export function evaluateRules(
  rules: readonly CompiledRule[],
  service: ServiceSubject,
  placement: PlacementSubject,
  placementFile?: Loaded<Placement>,
  /** When given, receives each rule's fact key entry (`factKeyEntries`), to tell findings that depend on the workload from shared ones. */
  keys?: Map<string, KeyEntry>,
  budget?: RunBudget,
): Finding[] {
  const { findings, entries } = evaluateRuleRow(rules, service, placement, placementFile, budget);
  if (keys) for (const [id, entry] of byRuleId(rules, entries)) keys.set(id, entry);
  return findings;
}

/**
 * `evaluateRules`, with each rule's fact key entry by position: the finding and the entry at one
 * index are those of the rule at that index of `sortedById(rules)`.
 */
export function evaluateRuleRow(
  rules: readonly CompiledRule[],
  service: ServiceSubject,
  placement: PlacementSubject,
  placementFile: Loaded<Placement> | undefined,
  budget: RunBudget | undefined,
): { findings: Finding[]; entries: KeyEntry[] } {
  const rows = rowsOf(rules);
  const serviceParts = serviceRowPartsOf(service, rows);
  const placementParts = placementRowPartsOf(placement, rows);
  const findings: Finding[] = new Array(rows.length);
  const entries: KeyEntry[] = new Array(rows.length);
  const passing = settledFindingsOf(rules, service.name, placement, "pass");
  const notApplicable = settledFindingsOf(rules, service.name, placement, "not-applicable");
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as RuleRow;
    const { compiled, scope } = row;
    const entry = rowEntry(row, i, service, serviceParts, placementParts);
    entries[i] = entry;
    const verdict = decideEntry(compiled, scope, service, placement, entry, budget);
    if (verdict.status === "pass") {
      findings[i] = passing(compiled);
      continue;
    }
    if (verdict.status === "not-applicable") {
      findings[i] = notApplicable(compiled);
      continue;
    }
    const { rule } = compiled;
    // Only a failure shows the rule's own message; rendering it for every verdict costs a third of the run.
    const message =
      verdict.status !== "unknown"
        ? renderMessage(rule.message, { service: service.facts, placement: placement.facts })
        : verdict.missing.length > 0
          ? `${rule.title}: not known for ${service.name} (missing fact ${verdict.missing.join(", ")})`
          : `${rule.title}: could not be decided for ${service.name} (${verdict.reason ?? "evaluation error"})`;
    const finding: Finding = {
      rule: rule.id,
      service: service.name,
      placement: placement.name,
      status: verdict.status,
      severity: rule.severity,
      dimension: rule.dimension,
      trigger: rule.trigger,
      effort: rule.effort,
      message,
      locations: locationsOf(compiled, scope, service, placement, placementFile),
    };
    // Set rather than spread in: this runs for every rule, subject and placement.
    if (verdict.status === "unknown") finding.missing = verdict.missing;
    findings[i] = finding;
  }
  return { findings, entries };
}

/** What a finding that cites nothing cites, passing or not-applicable ones among them: one frozen list, shared. */
export const NO_LOCATIONS: SourceLocation[] = Object.freeze([]) as unknown as SourceLocation[];

/**
 * Per list of rules (a run's), then per service, placement and status: each rule's finding. A
 * finding that passes or does not apply says the same for every workload of the service (it cites
 * nothing and names no workload), so it is made once and shared, frozen. Bounded: an estate of
 * many differently named workloads starts the table afresh rather than holding every one.
 */
const settledFindings = new WeakMap<readonly CompiledRule[], Map<string, Map<CompiledRule, Finding>>>();
const SETTLED_TABLES = 1000;

function settledFindingsOf(
  rules: readonly CompiledRule[],
  service: string,
  placement: PlacementSubject,
  status: "pass" | "not-applicable",
): (compiled: CompiledRule) => Finding {
  let tables = settledFindings.get(rules);
  if (!tables) {
    tables = new Map();
    settledFindings.set(rules, tables);
  }
  const key = JSON.stringify([service, placement.name, status === "pass" ? placement.title : null]);
  let table = tables.get(key);
  if (!table) {
    if (tables.size >= SETTLED_TABLES) tables.clear();
    table = new Map();
    tables.set(key, table);
  }
  const found = table;
  return (compiled) => {
    let finding = found.get(compiled);
    if (finding === undefined) {
      const { rule } = compiled;
      finding = Object.freeze({
        rule: rule.id,
        service,
        placement: placement.name,
        status,
        severity: rule.severity,
        dimension: rule.dimension,
        trigger: rule.trigger,
        effort: rule.effort,
        message:
          status === "pass"
            ? `${rule.title}: holds for ${service} under ${placement.title}`
            : `${rule.title}: does not apply to ${service}`,
        locations: NO_LOCATIONS,
      });
      found.set(compiled, finding);
    }
    return finding;
  };
}

/** The rules sorted by id, once per list of rules: the order of the findings `evaluateRules` gives. */
const sortedRules = new WeakMap<readonly CompiledRule[], readonly CompiledRule[]>();

export function sortedById(rules: readonly CompiledRule[]): readonly CompiledRule[] {
  let sorted = sortedRules.get(rules);
  if (!sorted) {
    sorted = [...rules].sort((a, b) => (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0));
    sortedRules.set(rules, sorted);
  }
  return sorted;
}

/** Per subject, where the facts each rule reads come from, under the placements whose facts cite no place. */
const serviceLocations = new WeakMap<ServiceSubject, Map<CompiledRule, SourceLocation[]>>();

/**
 * `locateFacts` for a rule's reads. Where the placement's facts cite no place, a rule cites what
 * its service facts do under every such placement, so those places are found once per subject.
 */
function locationsOf(
  compiled: CompiledRule,
  scope: RuleScope,
  service: ServiceSubject,
  placement: PlacementSubject,
  placementFile: Loaded<Placement> | undefined,
): SourceLocation[] {
  if (scope.placementPaths.length > 0 && placementCitesFacts(placement, placementFile)) {
    return locateFacts(scope.reads, service, placement, placementFile);
  }
  let byRule = serviceLocations.get(service);
  if (!byRule) {
    byRule = new Map();
    serviceLocations.set(service, byRule);
  }
  let found = byRule.get(compiled);
  if (!found) {
    found = locateFacts(scope.reads, service, placement, placementFile);
    byRule.set(compiled, found);
  }
  return [...found];
}
