import { isAbsolute, relative, sep } from "node:path";
import { appendAll } from "./append-all.js";
import { BoundedMap } from "./bounded-map.js";
import { createRunBudget, evaluateRuleRow, factKeyEntryRow, type KeyEntry, type RunBudget } from "./engine/evaluate.js";
import { createPlanMemo, mitigatePlacement } from "./engine/mitigate.js";
import {
  buildGenericSubject,
  buildPlacementSubject,
  buildServiceSubject,
  GENERIC_SERVICE,
  type PlacementSubject,
  type ServiceSubject,
} from "./engine/subject.js";
import { canShareByClass, classKeyOf, classReadsOf, reskinFindings, reskinnable } from "./engine/workload-class.js";
import { type FindingSink, findingOfWorkload, SharedFindingGroups, SharedFindings } from "./engine/workload-findings.js";
import type { ArtifactFacts, Unrecognized } from "./extract/index.js";
import { withPlacesUnpacked } from "./extract/packed-places.js";
import type { CompiledMitigation, Loaded } from "./load/documents.js";
import { matchesGlobs } from "./load/glob.js";
import type { Inputs } from "./load/inputs.js";
import { compareText } from "./load/problem.js";
import { locatePath } from "./load/yaml.js";
import type { Assessment, Finding, FitLevel, PlanStep, ServiceProfileResult, ServiceResult, Workload } from "./model/assessment.js";
import { DEFAULT_SCORING, SCHEMA_VERSION } from "./model/constants.js";
import type { SourceLocation } from "./model/facts.js";
import type { Placement } from "./model/placement.js";
import type { ScoringSettings } from "./model/policy.js";
import type { ServiceProfile } from "./model/profile.js";
import { isAcceptableFit } from "./score/recommend.js";
import type { RuleScoringIndex } from "./score/score.js";
import { preferenceOrder, rescoreMessages, type ScoringContext, scoreService } from "./score/score-service.js";
import { blockerQuery, planWaves, type WaveFinding } from "./score/waves.js";
import { ValuePool } from "./value-pool.js";

/** What one assessment covers and how it scores. */
export interface AssessOptions {
  /** Placement names to evaluate; all loaded placements when empty. */
  placements?: readonly string[];
  /** Service name globs (`nova-*`); all selected services when empty. */
  services?: readonly string[];
  scoring?: ScoringSettings;
  /** Seconds since the epoch for `generatedAt`, from SOURCE_DATE_EPOCH; null leaves it out. */
  generatedAt?: number | null;
  tool: { name: string; version: string };
  /** Assess only workloads of catalog services, as one subject per service (workloads outside the catalog are only listed). */
  catalogOnly?: boolean;
  /** Keep not-applicable findings in the assessment (left out by default). */
  includeNotApplicable?: boolean;
  /** The directory locations are written relative to (the working directory); absolute paths stay as they are without it. */
  baseDir?: string;
  /**
   * Decide every workload on its own, rather than once per class of workloads whose conditions
   * read the same facts. The assessment is the same, only slower: this checks that sharing is sound.
   */
  decideEachWorkload?: boolean;
  /**
   * Called once the services to assess are known, before any is assessed, with how many there are and
   * the placements each is assessed under: a caller that cannot take that many throws, and nothing is assessed.
   */
  beforeAssessing?: (run: { services: number; placements: readonly string[] }) => void;
  /**
   * Let each workload's facts go once it is assessed: the run takes them out of
   * `inputs.extracted.workloads`, which it leaves empty. For a caller that reads nothing of them
   * afterwards, such as the command line: a large run then holds its findings, not its inputs too.
   */
  releaseWorkloads?: boolean;
  /**
   * Takes each workload's findings as it is assessed, instead of the assessment holding them: its
   * `findings` then lists only those of services without workloads and those its workloads share, and
   * the sink is told at the end where each workload's findings go among them (`FindingSink.finish`).
   * For a caller that writes the findings out, such as the command line writing JSON: a large run then
   * holds no finding per workload.
   */
  findingSink?: FindingSink;
}

/**
 * Evaluates every rule for every selected service under every placement and scores the results.
 * Pure: the same inputs give the same assessment, sorted throughout.
 */
export function assess(inputs: Inputs, options: AssessOptions): Assessment {
  const settings = options.scoring ?? DEFAULT_SCORING;
  const placements = inputs.placements
    .filter((p) => !options.placements?.length || options.placements.includes(p.value.metadata.name))
    .sort((a, b) => placementOrder(a.value.metadata.name, b.value.metadata.name, settings));

  const selected = inputs.userServices.length > 0 ? new Set(inputs.userServices) : undefined;
  const profiles = inputs.profiles.filter(
    (p) => (!selected || selected.has(p.value.metadata.name)) && matchesAny(p.value.metadata.name, options.services),
  );

  const ruleIndex: RuleScoringIndex = new Map(
    inputs.rules.map(({ rule }) => [rule.id, { blocking: rule.blocking, ...(rule.mechanism ? { mechanism: rule.mechanism } : {}) }]),
  );
  const context: ScoringContext = {
    settings,
    rules: ruleIndex,
    placements: new Map(
      placements.map(({ value }) => [value.metadata.name, { events: value.spec.events, waveFamily: value.spec.waveFamily }]),
    ),
    memo: new Map(),
    reasons: new Map(),
  };
  const services: ServiceResult[] = [];
  // Each subject's own findings, by its result: in placement and rule order, as they are listed.
  const listedBy = new Map<ServiceResult, Finding[]>();
  const upstreamFits = new Map<string, Map<string, { placement: string; fit: FitLevel }[]>>();
  const userFiles = new Set(inputs.userFiles);
  // Once per file: path.relative resolves both paths each call, and a run cites the same files over and over.
  const relativeFiles = new Map<string, string>();
  const relative = (file: string) => {
    let path = relativeFiles.get(file);
    if (path === undefined) {
      path = relativeTo(file, options.baseDir);
      relativeFiles.set(file, path);
    }
    return path;
  };
  // One relative copy per location: the findings of a workload's placements cite the same few facts.
  const relativeLocations = new WeakMap<SourceLocation, SourceLocation>();
  const relativeLocation = (location: SourceLocation): SourceLocation => {
    let copy = relativeLocations.get(location);
    if (!copy) {
      copy = { ...location, file: relative(location.file) };
      relativeLocations.set(location, copy);
    }
    return copy;
  };
  const sink = options.findingSink;
  const shared = new SharedFindings();
  const groups = new SharedFindingGroups();
  const header = { rules: assessedRules(inputs), placements: assessedPlacements(placements), scoring: settings };
  sink?.begin(header);
  // In a run with a sink, the number `endWorkload` gave each workload's result.
  const sunk = new Map<ServiceResult, number>();
  const families = new Map(placements.map(({ value }) => [value.metadata.name, value.spec.waveFamily]));
  // With a sink, what the waves read of each workload's findings that the sink takes: those under the
  // placement its blockers are found under, of their status (`blockerQuery`), with their shared group.
  const blocking: (WaveFinding & { group: number })[] = [];
  // The user's rules and mitigations share one evaluation budget per run; the built-in ones are reviewed.
  const budget = createRunBudget(inputs.userRules ?? [], undefined, inputs.userMitigations ?? []);
  const memo = createPlanMemo();
  // The bare service under the placement's defaults: a workload's finding with the same fact key holds for every workload.
  // Fact keys, like findings, are by position in the rules sorted by id (`evaluateRuleRow`).
  const bareKeys = new Map<string, KeyEntry[]>();
  const bareKeysOf = (profile: Loaded<ServiceProfile>, loaded: Loaded<Placement>) => {
    const id = `${profile.value.metadata.name}\u0000${loaded.value.metadata.name}`;
    let keys = bareKeys.get(id);
    if (!keys) {
      keys = factKeyEntryRow(inputs.rules, buildServiceSubject(profile), buildPlacementSubject(loaded.value));
      bareKeys.set(id, keys);
    }
    return keys;
  };
  // Workloads whose conditions read the same facts share one evaluation (DESIGN §7: the cost stays flat as workloads multiply).
  const classReads =
    !options.decideEachWorkload && canShareByClass(inputs.rules, inputs.mitigations)
      ? classReadsOf(inputs.rules, inputs.mitigations)
      : undefined;
  const rulesById = new Map(inputs.rules.map((r) => [r.rule.id, r]));
  // The messages workloads' findings say in their own words, each text once among those said lately:
  // a message quotes its workload's facts, and a run over a hundred thousand workloads says hundreds
  // of thousands of them, most of which no finding holds once its workload is written. Emptied
  // between two workloads once it holds `MAX_POOLED_MESSAGES`.
  const messages = new Map<string, string>();
  // Bounded, the oldest first out: a class's findings are a finding per rule and placement, and an
  // estate of a hundred thousand workloads would otherwise hold every one of them to the end.
  // Per class, by placement name: the class key is hashed once per workload, not once per placement.
  const classes = new BoundedMap<
    string,
    Map<
      string,
      {
        placement: PlacementSubject;
        keys: KeyEntry[];
        outcome: Pick<ReturnType<typeof mitigatePlacement>, "findings" | "plan" | "upstream">;
        /** Where the findings a later workload of the class renders its own are (`reskinnable`). */
        reskin: readonly number[];
        /** Where the findings a workload reports are: those that apply, or every one. */
        reported: readonly number[];
      }
    >
  >(MAX_CLASSES);
  const scoredClasses = new BoundedMap<string, ReturnType<typeof scoreService>>(MAX_CLASSES);
  // What the catalog knows about a service is written once, however many of its workloads are subjects.
  const knowledge = new Map<string, ServiceProfileResult>();
  const knowledgeOf = (profile: Loaded<ServiceProfile>) => {
    const name = profile.value.metadata.name;
    let known = knowledge.get(name);
    if (!known) {
      const { metadata, spec } = profile.value;
      const { evidence, ...facts } = spec;
      known = {
        ...(metadata.description ? { description: metadata.description } : {}),
        facts: { name, project: metadata.project, ...facts },
        evidence: [...evidence].sort((a, b) => compareText(a.fact, b.fact) || compareText(a.source, b.source)),
      };
      knowledge.set(name, known);
    }
    return known;
  };
  // The facts each result lists, equal ones held once: workloads of one chart in many places have the same.
  const factsPool = new ValuePool();
  const unrecognized = describeUnrecognized(inputs, artifactMode(inputs, options));
  const subjects: (SubjectSource | undefined)[] = collectSubjects(inputs, profiles, options);
  if (options.releaseWorkloads) inputs.extracted.workloads = [];
  options.beforeAssessing?.({ services: subjects.length, placements: placements.map((p) => p.value.metadata.name) });
  for (let next = 0; next < subjects.length; next++) {
    // Built when its turn comes and dropped after: a subject holds its facts twice over (plain and for CEL).
    const source = subjects[next] as SubjectSource;
    subjects[next] = undefined;
    if (messages.size >= MAX_POOLED_MESSAGES) messages.clear();
    const subject = buildSubject(source);
    const workload = source.workload;
    const findingsByPlacement = new Map<string, Finding[]>();
    const plans = new Map<string, PlanStep[]>();
    const detected = new Map<string, boolean>();
    const where = workload ? { ...workload, file: relative(workload.file) } : undefined;
    // Counted whatever it reports: a finding holds for every workload of the service only if every one reports it.
    if (where) (sink ? groups : shared).assessing(subject.name);
    const listed: Finding[] = [];
    const classKey = where && classReads ? classKeyOf(subject, classReads) : undefined;
    let messagesDiffer = false;
    // With a sink, the findings it took that failed or lacked facts.
    const failing: (WaveFinding & { group: number })[] = [];
    const mayBlock = (finding: Finding, group: number) => {
      if (finding.status === "fail" || finding.status === "unknown") {
        failing.push({
          service: finding.service,
          workload: where,
          placement: finding.placement,
          status: finding.status,
          rule: finding.rule,
          group,
        });
      }
    };
    let reused = true;
    let decided = classKey === undefined ? undefined : classes.get(classKey);
    if (classKey !== undefined && !decided) {
      decided = new Map();
      classes.set(classKey, decided);
    }
    for (const loaded of placements) {
      const placementFile = userFiles.has(loaded.file) ? loaded : undefined;
      const known = decided?.get(loaded.value.metadata.name);
      let placement: PlacementSubject;
      let keys: KeyEntry[];
      let outcome: Pick<ReturnType<typeof mitigatePlacement>, "findings" | "plan" | "upstream">;
      let reported: readonly number[];
      if (known) {
        // Another workload of this class was decided already: only its names and lines differ.
        ({ placement, keys, reported } = known);
        const reskinned = reskinFindings(known.outcome.findings, rulesById, subject, placement, placementFile, known.reskin, messages);
        if (reskinned.changed) messagesDiffer = true;
        outcome = { ...known.outcome, findings: reskinned.findings };
      } else {
        reused = false;
        placement = buildPlacementSubject(loaded.value, subject);
        // Fact keys tell a workload's own findings from its service's.
        const asIs = evaluateRuleRow(inputs.rules, subject, placement, placementFile, budget);
        keys = asIs.entries;
        outcome = mitigatePlacement({
          rules: inputs.rules,
          mitigations: inputs.mitigations,
          service: subject,
          placement,
          findings: asIs.findings,
          settings,
          ruleIndex,
          budget,
          memo,
        });
        reported = reportedPositions(outcome.findings, options.includeNotApplicable === true);
        decided?.set(loaded.value.metadata.name, {
          placement,
          keys,
          outcome,
          reskin: reskinnable(outcome.findings, rulesById),
          reported,
        });
      }
      findingsByPlacement.set(placement.name, outcome.findings);
      plans.set(placement.name, outcome.plan);
      detected.set(placement.name, placement.detected);
      const bare = where && subject.profile ? bareKeysOf(subject.profile, loaded) : undefined;
      // The findings keep the rules' order through mitigation and reskinning: the finding at an index is that rule's.
      for (const i of reported) {
        const finding = outcome.findings[i] as Finding;
        const locations = finding.locations.length === 0 ? undefined : finding.locations.map(relativeLocation);
        const own = where !== undefined && !(bare && bare[i] === keys[i]);
        // One copy of the finding at most: it runs for every finding of every workload.
        if (own && !sink) {
          listed.push(findingOfWorkload(finding, where, locations));
          continue;
        }
        const located = locations ? { ...finding, locations } : finding;
        if (!where) listed.push(located);
        else if (!sink) shared.add(located, where);
        else if (own) {
          // The class's own finding object, given again for each of its workloads: the sink writes its line once.
          sink.add(located, where, -1);
          mayBlock(located, -1);
        } else {
          const { group, agrees } = groups.add(located, where);
          if (agrees) sink.agree(group);
          else sink.add(located, where, group);
          mayBlock(located, group);
        }
      }
      if (loaded.value.spec.waveFamily === "scheduled") {
        for (const { mitigation, fit } of outcome.upstream) {
          const byService = upstreamFits.get(mitigation) ?? new Map<string, { placement: string; fit: FitLevel }[]>();
          const entries = byService.get(subject.name) ?? [];
          entries.push({ placement: placement.name, fit });
          byService.set(subject.name, entries);
          upstreamFits.set(mitigation, byService);
        }
      }
    }
    // A workload whose class was scored already scores the same: only the parts that quote its messages can differ.
    const scoredBefore = classKey !== undefined && reused ? scoredClasses.get(classKey) : undefined;
    const serviceFindings = { findingsByPlacement, plans, detected, ...(subject.generic ? { generic: true } : {}) };
    const scored = !scoredBefore
      ? scoreService(serviceFindings, context)
      : messagesDiffer
        ? rescoreMessages(scoredBefore, serviceFindings, context)
        : scoredBefore;
    if (classKey !== undefined && !scoredBefore && !reused) scoredClasses.set(classKey, scored);
    const profile = subject.profile;
    const known = profile ? knowledgeOf(profile) : undefined;
    const result: ServiceResult = {
      name: subject.name,
      ...(where ? { workload: where } : {}),
      project: profile?.value.metadata.project ?? GENERIC_SERVICE,
      role: profile?.value.spec.role ?? GENERIC_SERVICE,
      ...(profile?.value.spec.variant ? { variant: profile.value.spec.variant } : {}),
      results: scored.results,
      recommendation: scored.recommendation,
      delta: scored.delta,
      wave: scored.wave,
      survival: scored.survival,
      facts: factsPool.intern(known ? ownFacts(subject.facts, known.facts) : subject.facts),
      sources: sourcesOf(
        profile && userFiles.has(profile.file) ? relative(profile.file) : undefined,
        subject.artifact?.locations,
        relative,
      ),
    };
    services.push(result);
    if (listed.length > 0) listedBy.set(result, listed);
    if (sink && where) {
      sunk.set(result, sink.endWorkload(result));
      const { placement, status } = blockerQuery(result, families);
      for (const finding of failing) if (finding.placement === placement && finding.status === status) blocking.push(finding);
    }
  }
  services.sort((a, b) => compareText(a.name, b.name) || compareWorkloads(a.workload, b.workload));
  // Laid out in the services' order, the findings are nearly in the order they are sorted into below:
  // the sort merges a few runs rather than ordering them all from scratch.
  const findings: Finding[] = [];
  for (const service of services) appendAll(findings, listedBy.get(service) ?? []);
  listedBy.clear();
  const keptOnce = groups.keptOnce();
  if (sink) {
    appendAll(findings, groups.findingsKeptOnce(keptOnce));
  } else appendAll(findings, shared.resolve());
  const byListing = (a: Finding, b: Finding) =>
    compareText(a.service, b.service) ||
    compareWorkloads(a.workload, b.workload) ||
    placementOrder(a.placement, b.placement, settings) ||
    compareText(a.rule, b.rule);
  findings.sort(byListing);
  // Bound, not a closure: the sink outlives the run, and a closure here would hold the run's scope, its inputs with it.
  if (sink) sink.finish(listingOf(services, findings, sunk), keptOnce, groups.agreeing.bind(groups));

  return {
    schemaVersion: SCHEMA_VERSION,
    tool: options.tool,
    generatedAt: options.generatedAt == null ? null : new Date(options.generatedAt * 1000).toISOString(),
    inputs: inputs.inputs.map(relative),
    notApplicable: options.includeNotApplicable ? "included" : "left-out",
    scoring: settings,
    placements: header.placements,
    rules: header.rules,
    mitigations: inputs.mitigations
      .map(({ mitigation: m }) => ({
        id: m.id,
        title: m.title,
        placements: [...m.placements].sort(compareText),
        remediationKind: m.remediationKind,
        effort: m.effort,
        cost: m.cost,
        rationale: m.rationale,
        references: m.references,
      }))
      .sort((a, b) => compareText(a.id, b.id)),
    profiles: Object.fromEntries([...knowledge.entries()].sort((a, b) => compareText(a[0], b[0]))),
    services,
    upstream: rankUpstream(services, upstreamFits, inputs, settings),
    waves: planWaves(
      services,
      sink ? [...findings, ...blocking.filter(({ group }) => group < 0 || keptOnce[group] !== 1)] : findings,
      families,
    ),
    findings,
    unrecognized: unrecognized
      .map((u) => ({ ...u, file: relative(u.file) }))
      .sort((a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.name, b.name)),
    problems: [
      ...inputs.problems.map(({ file, line, column, code, message, path }) => ({
        file: relative(file),
        line,
        column,
        code,
        message: path ? `${path}: ${message}` : message,
      })),
      ...skippedMitigationProblems(inputs.mitigations, budget).map((problem) => ({ ...problem, file: relative(problem.file) })),
    ],
  };
}

/** The placements as the assessment lists them. */
function assessedPlacements(placements: readonly Loaded<Placement>[]): Assessment["placements"] {
  return placements.map(({ value }) => {
    const { evidence: _e, ...spec } = value.spec;
    return {
      name: value.metadata.name,
      title: value.metadata.title,
      ...(value.metadata.description ? { description: value.metadata.description } : {}),
      spec: { ...spec, evidence: value.spec.evidence },
    };
  });
}

/** The rules as the assessment lists them, by id. */
function assessedRules(inputs: Inputs): Assessment["rules"] {
  return inputs.rules
    .map(({ rule }) => ({
      id: rule.id,
      title: rule.title,
      dimension: rule.dimension,
      ...(rule.factor ? { factor: rule.factor } : {}),
      severity: rule.severity,
      trigger: rule.trigger,
      effort: rule.effort,
      blocking: rule.blocking,
      ...(rule.mechanism ? { mechanism: rule.mechanism } : {}),
      rationale: rule.rationale,
      remediation: rule.remediation,
      references: rule.references,
    }))
    .sort((a, b) => compareText(a.id, b.id));
}

/**
 * The listing `FindingSink.finish` is given: the findings held (sorted, each without a workload) and,
 * in the services' order, each workload's number, after the findings held of its service.
 */
function listingOf(
  services: readonly ServiceResult[],
  held: readonly Finding[],
  sunk: ReadonlyMap<ServiceResult, number>,
): (Finding | number)[] {
  const listing: (Finding | number)[] = [];
  let next = 0;
  for (const service of services) {
    // A service's findings without a workload sort before those of its workloads.
    while (next < held.length && compareText((held[next] as Finding).service, service.name) <= 0) listing.push(held[next++] as Finding);
    const number = sunk.get(service);
    if (number !== undefined) listing.push(number);
  }
  while (next < held.length) listing.push(held[next++] as Finding);
  return listing;
}

/** Where the findings an assessment lists are among a placement's: not the ones that do not apply, unless asked for. */
function reportedPositions(findings: readonly Finding[], includeNotApplicable: boolean): number[] {
  const positions: number[] = [];
  for (let i = 0; i < findings.length; i++) {
    if (includeNotApplicable || (findings[i] as Finding).status !== "not-applicable") positions.push(i);
  }
  return positions;
}

/** How many workload classes an assessment keeps the findings of, for later workloads of the same class. */
const MAX_CLASSES = 2000;

/** How many messages an assessment pools before it starts its pool again, so that workloads saying the same hold one text. */
const MAX_POOLED_MESSAGES = 20_000;

/** A problem at each user mitigation that some plan left out because the run's evaluation budget was spent. */
function skippedMitigationProblems(
  mitigations: readonly CompiledMitigation[],
  budget: RunBudget,
): { file: string; line: number; column: number; code: string; message: string }[] {
  return mitigations
    .filter((m) => budget.skippedMitigations.has(m.mitigation.id))
    .map((m) => ({
      file: m.file,
      ...locatePath(m.text, m.docIndex, ["id"]),
      code: "evaluation-budget",
      message: `mitigation ${m.mitigation.id} was left out of some plans: the run's evaluation budget for user rules and mitigations is spent (estimated ${budget.spent.toExponential(1)} of ${budget.limit.toExponential(1)} evaluations); assess fewer inputs at once, or make its expressions cheaper`,
    }));
}

/** The facts of a subject that its profile does not already hold (the subject's view shares the profile's unchanged values). */
function ownFacts(facts: Record<string, unknown>, profileFacts: Record<string, unknown>): Record<string, unknown> {
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) if (profileFacts[key] !== value) own[key] = value;
  return own;
}

/** True when the run assesses each workload of the user's files rather than each service. */
function artifactMode(inputs: Inputs, options: AssessOptions): boolean {
  return !options.catalogOnly && inputs.extracted.workloads.length > 0;
}

/**
 * What a subject of the run is built from: a service's profile with a workload's facts or the facts
 * merged from its files, if any; or the facts of a workload no catalog service matches (`generic`).
 */
type SubjectSource =
  | { profile: Loaded<ServiceProfile>; profileIsUsers: boolean; facts?: ArtifactFacts; isJob?: boolean; workload?: Workload }
  | { profile?: undefined; facts: ArtifactFacts; isJob: boolean; workload: Workload };

/**
 * The subjects of the run: with artifacts, every workload (catalog services under their profile,
 * the rest as `generic`), then every selected service no workload stands for; else each service.
 */
function collectSubjects(inputs: Inputs, profiles: readonly Loaded<ServiceProfile>[], options: AssessOptions): SubjectSource[] {
  const userFiles = new Set(inputs.userFiles);
  const byName = new Map(profiles.map((p) => [p.value.metadata.name, p]));
  const out: SubjectSource[] = [];
  const covered = new Set<string>();
  if (artifactMode(inputs, options)) {
    for (const { service, workload, facts, isJob } of inputs.extracted.workloads) {
      if (service === undefined) {
        if (matchesAny(workload.name, options.services)) out.push({ facts, isJob, workload });
        continue;
      }
      const profile = byName.get(service);
      if (!profile) continue;
      covered.add(service);
      out.push({ profile, profileIsUsers: userFiles.has(profile.file), facts, isJob, workload });
    }
  }
  const merged = new Map<string, ArtifactFacts>();
  for (const facts of inputs.extracted.facts) if (!merged.has(facts.service)) merged.set(facts.service, facts);
  for (const profile of profiles) {
    const name = profile.value.metadata.name;
    if (covered.has(name)) continue;
    const facts = merged.get(name);
    out.push({ profile, profileIsUsers: userFiles.has(profile.file), ...(facts ? { facts } : {}) });
  }
  return out;
}

/** The subject a source stands for: a catalog service (a workload of it, or all of it), or a workload outside the catalog. */
function buildSubject(source: SubjectSource): ServiceSubject {
  // Its places unpacked once (`withPlacesUnpacked`): every finding the subject's rules give reads them.
  if (!source.profile) return buildGenericSubject(withPlacesUnpacked(source.facts), source.isJob);
  const { profile, profileIsUsers, facts, isJob } = source;
  return buildServiceSubject(profile, facts && withPlacesUnpacked(facts), { profileIsUsers, ...(isJob ? { job: true } : {}) });
}

/** The unrecognized inputs, saying of those assessed as `generic` that they were. */
function describeUnrecognized(inputs: Inputs, assessedGeneric: boolean): Unrecognized[] {
  if (!assessedGeneric) return [...inputs.extracted.unrecognized];
  const generic = new Set(
    inputs.extracted.workloads.filter((w) => w.service === undefined).map((w) => `${w.workload.file}\u0000${w.workload.line}`),
  );
  return inputs.extracted.unrecognized.map((u) =>
    generic.has(`${u.file}\u0000${u.line}`) && u.kind !== "file"
      ? { ...u, reason: `${u.reason}; assessed as ${GENERIC_SERVICE} with the checks that need no knowledge of the service` }
      : u,
  );
}

/**
 * The files a result names as its sources, each once, sorted: its profile's, when it is the user's,
 * and those its facts were read from. A workload's facts come from one or two files, cited in runs.
 */
function sourcesOf(
  profileFile: string | undefined,
  locations: Readonly<Record<string, SourceLocation>> | undefined,
  relative: (file: string) => string,
): string[] {
  const files = new Set<string>();
  if (profileFile !== undefined) files.add(profileFile);
  if (locations) {
    let last: string | undefined;
    for (const key of Object.keys(locations)) {
      const file = (locations[key] as SourceLocation).file;
      if (file === last) continue;
      files.add(relative(file));
      last = file;
    }
  }
  return [...files].sort(compareText);
}

/** A path relative to `base` with forward slashes; unchanged without a base or when already relative. */
function relativeTo(file: string, base: string | undefined): string {
  if (base === undefined || !isAbsolute(file)) return file;
  return relative(base, file).split(sep).join("/") || ".";
}

/** Orders results without a workload first, then workloads by file, line and name. */
function compareWorkloads(a: Workload | undefined, b: Workload | undefined): number {
  if (!a || !b) return Number(Boolean(a)) - Number(Boolean(b));
  return compareText(a.file, b.file) || a.line - b.line || compareText(a.kind, b.kind) || compareText(a.name, b.name);
}

/**
 * Ranks the upstream code changes by the services each would unlock: services with no acceptable
 * fit under any `scheduled` placement that reach one with the change on top of their plan.
 */
function rankUpstream(
  services: readonly ServiceResult[],
  fits: ReadonlyMap<string, ReadonlyMap<string, { placement: string; fit: FitLevel }[]>>,
  inputs: Inputs,
  settings: ScoringSettings,
): Assessment["upstream"] {
  const scheduled = new Set(inputs.placements.filter((p) => p.value.spec.waveFamily === "scheduled").map((p) => p.value.metadata.name));
  const locked = new Set(
    services.filter((s) => !s.results.some((r) => scheduled.has(r.placement) && isAcceptableFit(r.fitWithMitigations))).map((s) => s.name),
  );
  const out: Assessment["upstream"] = [];
  for (const { mitigation } of inputs.mitigations) {
    if (mitigation.remediationKind !== "upstream") continue;
    const unlocks: Assessment["upstream"][number]["unlocks"] = [];
    const byService = fits.get(mitigation.id) ?? new Map<string, { placement: string; fit: FitLevel }[]>();
    for (const [service, entries] of [...byService.entries()].sort(([a], [b]) => compareText(a, b))) {
      if (!locked.has(service)) continue;
      const acceptable = entries.filter((e) => isAcceptableFit(e.fit));
      const first = preferenceOrder(
        acceptable.map((e) => e.placement),
        settings,
      )[0];
      const entry = acceptable.find((e) => e.placement === first);
      if (entry) unlocks.push({ service, placement: entry.placement, fit: entry.fit });
    }
    out.push({ mitigation: mitigation.id, title: mitigation.title, effort: mitigation.effort, unlocks });
  }
  return out.sort((a, b) => b.unlocks.length - a.unlocks.length || a.effort - b.effort || compareText(a.mitigation, b.mitigation));
}

/** Placements in preference order reversed into the reading order POCI first, then the rest by name. */
function placementOrder(a: string, b: string, settings: ScoringSettings): number {
  const rank = (name: string) => {
    if (name === "poci") return -1;
    const i = settings.preference.indexOf(name);
    return i === -1 ? 1000 : settings.preference.length - i;
  };
  return rank(a) - rank(b) || compareText(a, b);
}

/** True when no globs are given or the name matches one (picomatch globs, as `--exclude` uses). */
export function matchesAny(name: string, globs: readonly string[] | undefined): boolean {
  return matchesGlobs(name, globs);
}
