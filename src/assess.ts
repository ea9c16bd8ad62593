import { evaluateRules } from "./engine/evaluate.js";
import { buildPlacementSubject, buildServiceSubject } from "./engine/subject.js";
import type { ArtifactFacts } from "./extract/index.js";
import type { Inputs } from "./load/inputs.js";
import { compareText } from "./load/problem.js";
import { type Assessment, type Finding, SCHEMA_VERSION, type ServiceResult } from "./model/assessment.js";
import { DEFAULT_SCORING, type ScoringSettings } from "./model/policy.js";
import { deltaOf, recommend } from "./score/recommend.js";
import { scorePlacement } from "./score/score.js";
import { planWaves, waveOf } from "./score/waves.js";

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

  const services: ServiceResult[] = [];
  const findings: Finding[] = [];
  for (const profile of profiles) {
    const subject = buildServiceSubject(profile, artifactsByService.get(profile.value.metadata.name));
    const findingsByPlacement = new Map<string, Finding[]>();
    const results = placements.map((loaded) => {
      const placement = buildPlacementSubject(loaded.value, subject);
      const placementFindings = evaluateRules(inputs.rules, subject, placement, loaded);
      findingsByPlacement.set(placement.name, placementFindings);
      findings.push(...placementFindings);
      return scorePlacement(placement.name, placementFindings, loaded.value.spec.events, settings, placement.detected);
    });
    const recommendation = recommend(results, findingsByPlacement, settings);
    const { metadata, spec } = profile.value;
    const result: ServiceResult = {
      name: metadata.name,
      project: metadata.project,
      role: spec.role,
      ...(spec.variant ? { variant: spec.variant } : {}),
      ...(metadata.description ? { description: metadata.description } : {}),
      results,
      recommendation,
      delta: deltaOf(recommendation.placement, findingsByPlacement, settings),
      wave: 0,
      survival: {
        "ip-movement": { answer: "unknown", placement: "", mitigations: [], reasons: [] },
        termination: { answer: "unknown", placement: "", mitigations: [], reasons: [] },
      },
      facts: subject.facts,
      evidence: [...spec.evidence].sort((a, b) => compareText(a.fact, b.fact) || compareText(a.source, b.source)),
      sources: [
        profile.file,
        ...(subject.artifact ? [...new Set(Object.values(subject.artifact.locations).map((l) => l.file))].sort(compareText) : []),
      ],
    };
    result.wave = waveOf(result);
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
    mitigations: [],
    services,
    upstream: [],
    waves: planWaves(services, findings),
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

/** Placements in preference order reversed into the reading order POCI first, then the rest by name. */
function placementOrder(a: string, b: string, settings: ScoringSettings): number {
  const rank = (name: string) => {
    if (name === "poci") return -1;
    const i = settings.preference.indexOf(name);
    return i === -1 ? 1000 : settings.preference.length - i;
  };
  return rank(a) - rank(b) || compareText(a, b);
}

/** True when no globs are given or the name matches one (`*` matches any run of characters). */
export function matchesAny(name: string, globs: readonly string[] | undefined): boolean {
  if (!globs || globs.length === 0) return true;
  return globs.some((glob) => new RegExp(`^${glob.split("*").map(escapeRegExp).join(".*")}$`).test(name));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
