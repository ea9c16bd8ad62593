import { evaluateRules } from "./engine/evaluate.js";
import { mitigatePlacement } from "./engine/mitigate.js";
import { buildPlacementSubject, buildServiceSubject } from "./engine/subject.js";
import type { ArtifactFacts } from "./extract/index.js";
import { matchesGlobs } from "./load/glob.js";
import type { Inputs } from "./load/inputs.js";
import { compareText } from "./load/problem.js";
import { type Assessment, type Finding, type FitLevel, type PlanStep, SCHEMA_VERSION, type ServiceResult } from "./model/assessment.js";
import { DEFAULT_SCORING, type ScoringSettings } from "./model/policy.js";
import { isAcceptableFit } from "./score/recommend.js";
import type { RuleScoringIndex } from "./score/score.js";
import { preferenceOrder, type ScoringContext, scoreService } from "./score/score-service.js";
import { planWaves } from "./score/waves.js";

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
  const artifactsByService = new Map<string, ArtifactFacts>();
  for (const facts of inputs.extracted.facts) if (!artifactsByService.has(facts.service)) artifactsByService.set(facts.service, facts);

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
  };
  const services: ServiceResult[] = [];
  const findings: Finding[] = [];
  const upstreamFits = new Map<string, Map<string, { placement: string; fit: FitLevel }[]>>();
  for (const profile of profiles) {
    const subject = buildServiceSubject(profile, artifactsByService.get(profile.value.metadata.name));
    const findingsByPlacement = new Map<string, Finding[]>();
    const plans = new Map<string, PlanStep[]>();
    const detected = new Map<string, boolean>();
    for (const loaded of placements) {
      const placement = buildPlacementSubject(loaded.value, subject);
      const asIs = evaluateRules(inputs.rules, subject, placement, loaded);
      const outcome = mitigatePlacement({
        rules: inputs.rules,
        mitigations: inputs.mitigations,
        service: subject,
        placement,
        findings: asIs,
        settings,
        ruleIndex,
      });
      findingsByPlacement.set(placement.name, outcome.findings);
      plans.set(placement.name, outcome.plan);
      detected.set(placement.name, placement.detected);
      findings.push(...outcome.findings);
      if (loaded.value.spec.waveFamily === "scheduled") {
        for (const { mitigation, fit } of outcome.upstream) {
          const byService = upstreamFits.get(mitigation) ?? new Map<string, { placement: string; fit: FitLevel }[]>();
          byService.set(subject.name, [...(byService.get(subject.name) ?? []), { placement: placement.name, fit }]);
          upstreamFits.set(mitigation, byService);
        }
      }
    }
    const { metadata, spec } = profile.value;
    const scored = scoreService({ findingsByPlacement, plans, detected }, context);
    const result: ServiceResult = {
      name: metadata.name,
      project: metadata.project,
      role: spec.role,
      ...(spec.variant ? { variant: spec.variant } : {}),
      ...(metadata.description ? { description: metadata.description } : {}),
      results: scored.results,
      recommendation: scored.recommendation,
      delta: scored.delta,
      wave: scored.wave,
      survival: scored.survival,
      facts: subject.facts,
      evidence: [...spec.evidence].sort((a, b) => compareText(a.fact, b.fact) || compareText(a.source, b.source)),
      sources: [
        profile.file,
        ...(subject.artifact ? [...new Set(Object.values(subject.artifact.locations).map((l) => l.file))].sort(compareText) : []),
      ],
    };
    services.push(result);
  }
  services.sort((a, b) => compareText(a.name, b.name));

  return {
    schemaVersion: SCHEMA_VERSION,
    tool: options.tool,
    generatedAt: options.generatedAt == null ? null : new Date(options.generatedAt * 1000).toISOString(),
    inputs: [...inputs.inputs],
    scoring: settings,
    placements: placements.map(({ value }) => {
      const { evidence: _e, ...spec } = value.spec;
      return {
        name: value.metadata.name,
        title: value.metadata.title,
        ...(value.metadata.description ? { description: value.metadata.description } : {}),
        spec: { ...spec, evidence: value.spec.evidence },
      };
    }),
    rules: inputs.rules
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
      .sort((a, b) => compareText(a.id, b.id)),
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
    services,
    upstream: rankUpstream(services, upstreamFits, inputs, settings),
    waves: planWaves(services, findings, new Map(placements.map(({ value }) => [value.metadata.name, value.spec.waveFamily]))),
    findings: findings.sort(
      (a, b) => compareText(a.service, b.service) || placementOrder(a.placement, b.placement, settings) || compareText(a.rule, b.rule),
    ),
    unrecognized: [...inputs.extracted.unrecognized].sort((a, b) => compareText(a.file, b.file) || a.line - b.line),
    problems: inputs.problems.map(({ file, line, column, code, message, path }) => ({
      file,
      line,
      column,
      code,
      message: path ? `${path}: ${message}` : message,
    })),
  };
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
