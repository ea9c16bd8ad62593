import { placementOverridesFrom } from "../extract/placement-overrides.js";
import type { CompiledMitigation, CompiledRule, Loaded } from "../load/documents.js";
import type { Finding } from "../model/assessment.js";
import type { Placement } from "../model/placement.js";
import { type ReadPath, readPathsOf, serviceFactsKey } from "./evaluate.js";
import { listPlaceholders, renderMessage, renderPooledMessage } from "./message.js";
import { artifactKeysOf, locateFacts, type PlacementSubject, type ServiceSubject } from "./subject.js";

/** Facts that name a workload or its files but that no condition reads: workloads differing only there decide alike. */
const NAMING_FACTS = ["service.deployment.name", "service.oslo.files"] as const;

/**
 * True when no rule or mitigation reads the naming facts (a workload's name, its config files'
 * names), so workloads that differ only there can share one evaluation.
 */
export function canShareByClass(rules: readonly CompiledRule[], mitigations: readonly CompiledMitigation[]): boolean {
  const sources = [
    ...rules.flatMap((r) => [r.when.source, r.fails.source]),
    ...mitigations.flatMap((m) => [m.applies.source, ...m.sets.map((s) => s.expression.source)]),
  ];
  // A whole `service.deployment` or `service.oslo` read as a value could see the names too.
  const wholeRead = /service\.(?:deployment|oslo)\s*(?:[^.\s?]|$)/;
  return !sources.some((s) => {
    const bare = s.replace(/has\(\s*service\.(?:deployment|oslo)\s*\)/g, "");
    return NAMING_FACTS.some((f) => bare.includes(f)) || wholeRead.test(bare);
  });
}

/**
 * What tells one workload's class from another's, for one run's rules and mitigations: every
 * `service` fact a condition or a mitigation's value can read, and every place in the user's files
 * a finding can cite for those reads.
 */
export interface ClassReads {
  paths: readonly ReadPath[];
  /** The artifact facts a finding's location can come from (`deployment.replicas`), sorted. */
  locationKeys: readonly string[];
}

/**
 * The reads of a run's rules and mitigations that decide a workload's class. A failing message
 * that shows a workload's facts is rendered again for each workload (`reskinFindings`), so
 * messages' facts do not count; a mitigation's values are read for their value whole.
 */
export function classReadsOf(rules: readonly CompiledRule[], mitigations: readonly CompiledMitigation[]): ClassReads {
  const conditions = [
    ...rules.flatMap((compiled) => [compiled.when, compiled.fails]),
    ...mitigations.map((compiled) => compiled.applies),
    ...mitigations.flatMap((compiled) => compiled.sets.map(({ expression }) => ({ reads: expression.reads, presenceOnly: [] }))),
  ];
  const cited = rules.flatMap((compiled) => [...compiled.when.reads, ...compiled.fails.reads]);
  return {
    paths: readPathsOf(conditions).filter((path) => path.root === "service"),
    locationKeys: [...new Set(cited.flatMap((read) => artifactKeysOf(read)))].sort(),
  };
}

/**
 * The key of a workload's class: the service, whether it is a job, the placement its manifest
 * shows with the placement facts it sets, the values of the facts `reads` names and which of them
 * its files locate. Workloads of one class get the same verdicts, plan and fit under every
 * placement, though their names, files and every fact no rule reads differ.
 */
export function classKeyOf(subject: ServiceSubject, reads: ClassReads): string {
  const deployment = subject.artifact?.deployment;
  const located = locatedKey(subject.artifact?.locations, reads);
  // A fact the workload takes from its service's profile unchanged is the same for every workload of the service.
  const spec = subject.profile?.value.spec as Record<string, unknown> | undefined;
  let facts = "";
  for (const { field, paths } of groupsOf(reads)) {
    if (spec && Object.hasOwn(spec, field) && subject.facts[field] === spec[field]) continue;
    facts += `${field}=${fieldKeyOf(field, paths, subject.facts)}\u0002`;
  }
  return [
    subject.generic ? `generic:${subject.name}` : subject.name,
    subject.job === true ? "job" : "",
    deployment ? overridesKeyOf(deployment) : "",
    facts,
    located,
  ].join("\u0000");
}

/**
 * A token for the key of one top-level fact's read paths (`serviceFactsKey`), which reads that fact
 * alone: equal keys get one token, so a class key is short however many facts its rules read. A fact
 * held in a `ValuePool` is one frozen object for the workloads whose fact is equal: its token is kept
 * for it, by the paths it was found for.
 */
function fieldKeyOf(field: string, paths: readonly ReadPath[], facts: Record<string, unknown>): string {
  const value = field === "" ? undefined : facts[field];
  if (typeof value !== "object" || value === null || !Object.isFrozen(value)) return tokenOf(serviceFactsKey(paths, facts));
  let byValue = fieldKeys.get(paths);
  if (!byValue) {
    byValue = new WeakMap();
    fieldKeys.set(paths, byValue);
  }
  let token = byValue.get(value);
  if (token === undefined) {
    token = tokenOf(serviceFactsKey(paths, facts));
    byValue.set(value, token);
  }
  return token;
}

const fieldKeys = new WeakMap<readonly ReadPath[], WeakMap<object, string>>();

/**
 * The token of a fact key. Tokens are never given twice: once `FACT_KEY_TOKENS` keys are known they
 * are let go, and a key seen again gets a new token, which can only keep two workloads of one class
 * apart, never put two classes together.
 */
function tokenOf(key: string): string {
  let token = factKeyTokens.get(key);
  if (token === undefined) {
    if (factKeyTokens.size >= FACT_KEY_TOKENS) factKeyTokens.clear();
    nextFactKeyToken += 1;
    token = `#${nextFactKeyToken}`;
    factKeyTokens.set(key, token);
  }
  return token;
}

const factKeyTokens = new Map<string, string>();
let nextFactKeyToken = 0;
const FACT_KEY_TOKENS = 100_000;

/** The part of a class key that a deployment's placement and overrides make, kept for a frozen deployment. */
function overridesKeyOf(deployment: NonNullable<NonNullable<ServiceSubject["artifact"]>["deployment"]>): string {
  const known = overridesKeys.get(deployment);
  if (known !== undefined) return known;
  const key = `${deployment.placement ?? ""}\u0001${JSON.stringify(placementOverridesFrom(deployment))}`;
  if (Object.isFrozen(deployment)) overridesKeys.set(deployment, key);
  return key;
}

const overridesKeys = new WeakMap<object, string>();

/**
 * Which of `reads.locationKeys` a workload's places hold, one `1` or `0` per key. Workloads read
 * alike hold the same keys in the same order, so the answer is kept per list of keys: a lookup of
 * every location key in every workload's places costs more than listing its own.
 */
function locatedKey(locations: Readonly<Record<string, unknown>> | undefined, reads: ClassReads): string {
  if (!locations) return "0".repeat(reads.locationKeys.length);
  let byKeys = locatedByKeys.get(reads);
  if (!byKeys) {
    byKeys = new Map();
    locatedByKeys.set(reads, byKeys);
  }
  const own = Object.keys(locations).join("\u0000");
  let located = byKeys.get(own);
  if (located === undefined) {
    located = "";
    for (const key of reads.locationKeys) located += locations[key] ? "1" : "0";
    // A run's workloads come in a few shapes; a key no run repeats is not worth keeping.
    if (byKeys.size < MAX_PLACE_SHAPES) byKeys.set(own, located);
  }
  return located;
}

/** How many lists of a workload's place keys `locatedKey` keeps answers for, per run's reads. */
const MAX_PLACE_SHAPES = 1000;

const locatedByKeys = new WeakMap<ClassReads, Map<string, string>>();

/** The paths of a class's reads by the top-level fact they start at (`deployment`, `process`; empty for the whole of `service`). */
function groupsOf(reads: ClassReads): { field: string; paths: ReadPath[] }[] {
  let groups = readGroups.get(reads);
  if (!groups) {
    const byField = new Map<string, ReadPath[]>();
    for (const path of reads.paths) {
      const field = path.segments[0] ?? "";
      const group = byField.get(field);
      if (group) group.push(path);
      else byField.set(field, [path]);
    }
    groups = [...byField].map(([field, paths]) => ({ field, paths }));
    readGroups.set(reads, groups);
  }
  return groups;
}

const readGroups = new WeakMap<ClassReads, { field: string; paths: ReadPath[] }[]>();

/**
 * The positions of the findings `reskinFindings` may change for another workload of their class:
 * those that cite files, and the failing and mitigated ones whose message shows workload facts.
 * Every other finding of the class is the same for each of its workloads.
 */
export function reskinnable(findings: readonly Finding[], rulesById: ReadonlyMap<string, CompiledRule>): number[] {
  const positions: number[] = [];
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i] as Finding;
    const compiled = rulesById.get(finding.rule);
    if (!compiled) continue;
    const named = (finding.status === "fail" || finding.status === "mitigated") && showsWorkloadFacts(compiled);
    if (named || finding.locations.length > 0) positions.push(i);
  }
  return positions;
}

/**
 * The findings of another workload of the same class, made this workload's own: failing and
 * mitigated messages that show workload facts rendered with its facts, and findings that cite the
 * other workload's files located in its own. `changed` says whether any message differs. Only the
 * findings at `positions` (by default `reskinnable`'s) are looked at: the others are the class's own.
 */
export function reskinFindings(
  findings: readonly Finding[],
  rulesById: ReadonlyMap<string, CompiledRule>,
  service: ServiceSubject,
  placement: PlacementSubject,
  placementFile?: Loaded<Placement>,
  positions: readonly number[] = reskinnable(findings, rulesById),
  messages?: Map<string, string>,
): { findings: Finding[]; changed: boolean } {
  let changed = false;
  const out = findings.slice();
  for (const i of positions) {
    const finding = findings[i] as Finding;
    const compiled = rulesById.get(finding.rule) as CompiledRule;
    // Within a class the same facts are present, so a finding that cites no file cites none for this workload either.
    const located = finding.locations.length > 0;
    const named = (finding.status === "fail" || finding.status === "mitigated") && showsWorkloadFacts(compiled);
    const message = named
      ? messages
        ? renderPooledMessage(messages, compiled.rule.message, { service: service.facts, placement: placement.facts })
        : renderMessage(compiled.rule.message, { service: service.facts, placement: placement.facts })
      : finding.message;
    if (message === finding.message && !located) continue;
    if (message !== finding.message) changed = true;
    out[i] = { ...finding, message, locations: located ? locateFacts(factsReadBy(compiled), service, placement, placementFile) : [] };
  }
  return { findings: out, changed };
}

/** The facts a rule's conditions read, each once: what its findings cite. */
function factsReadBy(compiled: CompiledRule): readonly string[] {
  let reads = factsRead.get(compiled);
  if (reads === undefined) {
    reads = [...new Set([...compiled.when.reads, ...compiled.fails.reads])];
    factsRead.set(compiled, reads);
  }
  return reads;
}

const factsRead = new WeakMap<CompiledRule, readonly string[]>();

/**
 * True when the rule's message shows a `service` fact other than the service's name, which may
 * differ within a class: the class key holds only what conditions read, and the placement's facts
 * and the service's name are the same for the whole class.
 */
function showsWorkloadFacts(compiled: CompiledRule): boolean {
  let shows = showsFacts.get(compiled);
  if (shows === undefined) {
    shows = listPlaceholders(compiled.rule.message).some((path) => path !== "service.name" && path.split(".")[0] === "service");
    showsFacts.set(compiled, shows);
  }
  return shows;
}

const showsFacts = new WeakMap<CompiledRule, boolean>();
