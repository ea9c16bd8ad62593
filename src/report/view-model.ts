import {
  type Assessment,
  type Finding,
  type FitLevel,
  factsOfSubject,
  type PlacementResult,
  type ServiceResult,
} from "../model/assessment.js";
import { SEVERITIES, severityRank } from "../model/common.js";
import { describeSubject, describeWorkload, findingsOfResult, indexFindingsBySubject } from "../model/subject-key.js";
import { describeScoringMethod } from "../score/method.js";
import { FIT_ORDER, formatScore } from "../score/recommend.js";
import { type Chart, computeFitBars, computeHeatmap, computeScoreBars, FIT_FILLS, NO_SCORE_FILL, SCORE_BANDS } from "./charts.js";
import {
  buildPlanView,
  buildSurvivalViews,
  buildUpstreamView,
  indexMitigations,
  type PlanStepView,
  type SurvivalView,
  type UpstreamView,
} from "./remediation-view.js";

/** Titles of the fit levels as reports print them. */
export const FIT_TITLES: Record<FitLevel, string> = {
  ready: "Ready",
  "ready-with-mitigations": "Ready with mitigations",
  "needs-work": "Needs work",
  "not-fit": "Not fit",
  unknown: "Unknown",
};

/** The three dimensions in report order, with their column titles. */
export const DIMENSIONS = [
  { key: "twelve-factor", short: "12F", title: "12-factor" },
  { key: "ip-movement", short: "IP", title: "IP movement" },
  { key: "termination", short: "TRM", title: "Termination" },
] as const;

/** The placement every "what breaks" comparison starts from. */
const BASELINE = "poci";

/** A link taken from input: `url` is set only for https addresses, so no other scheme becomes a link. */
export interface LinkView {
  text: string;
  url: string;
}

/** A run of prose: plain text, or text that was between backticks and reads as code. */
export interface TextPart {
  text: string;
  code: boolean;
}

/** Splits prose at backticks so templates can set inline code without trusting any markup. */
export function splitCode(text: string): TextPart[] {
  return text
    .split("`")
    .map((part, i) => ({ text: part, code: i % 2 === 1 }))
    .filter((part) => part.text !== "");
}

/** One finding as the per-service detail shows it, with its rule's text from the catalog. */
export interface FindingView {
  rule: string;
  title: string;
  placement: string;
  placements: string;
  severity: string;
  dimension: string;
  message: string;
  rationale: TextPart[];
  remediation: TextPart[];
  effort: number;
  missing: string;
  locations: string[];
  references: LinkView[];
}

/**
 * One placement's result as a column group of the services table shows it: its own fit and scores.
 * `fitLabel` adds the failing and unknown counts when the fit is undecided, so "unknown" never hides
 * what failed.
 */
export interface PlacementColumnsView {
  placement: string;
  fit: FitLevel;
  fitTitle: string;
  fitLabel: string;
  /** The fit once the mitigation plan is applied; `lifted` when that is better than the fit as-is. */
  fitWithMitigations: FitLevel;
  fitWithMitigationsTitle: string;
  lifted: boolean;
  twelveFactor: string;
  ipMovement: string;
  termination: string;
  overall: string;
  fails: number;
  unknowns: number;
}

/** One workload of a service, as the service's compact workload table lists it. */
export interface WorkloadRowView {
  workload: string;
  location: string;
  /** The placement detected from the workload's manifest, or `none`. */
  placement: string;
  /** Its fit under the target placement. */
  fit: FitLevel;
  fitLabel: string;
  failCount: number;
}

/** How many workloads of one service a report lists before it refers to the JSON and SARIF. */
export const WORKLOAD_ROW_LIMIT = 50;

/** One service as the table, the charts and the detail show it. */
export interface ServiceView {
  name: string;
  /** The subject whose scores and findings the view shows: the service, or its workload with the most severe failures. */
  subjectName: string;
  /** How many workloads of the service were assessed (0 for a catalog service). */
  workloadCount: number;
  /** The first workloads, the most severe failures first, capped at WORKLOAD_ROW_LIMIT. */
  workloads: WorkloadRowView[];
  /** How many workloads the table leaves out. */
  moreWorkloads: number;
  project: string;
  role: string;
  variant: string;
  description: string;
  anchor: string;
  recommendation: ServiceResult["recommendation"] & { title: string; fitTitle: string };
  wave: number;
  /** The recommended placement's own fit and scores. */
  recommended: PlacementColumnsView;
  /** Fit and scores under the target placement, for the services table and its sort keys. */
  target: PlacementColumnsView;
  /** Numeric sort keys of the services table; -1 stands for n/a so it sorts below every score. */
  sortKeys: { recOverall: number; twelve: number; ip: number; term: number; overall: number };
  worstSeverity: string;
  severityRank: number;
  failCount: number;
  interest: number;
  results: {
    placement: string;
    fit: FitLevel;
    fitTitle: string;
    fitLabel: string;
    twelveFactor: string;
    ipMovement: string;
    termination: string;
    overall: string;
    confidence: string;
    effort: number;
    exposure: number;
    detected: boolean;
  }[];
  delta: ServiceResult["delta"];
  fails: FindingView[];
  /** Failing findings under the target placement only, for outputs that must stay short. */
  targetFails: FindingView[];
  unknowns: FindingView[];
  waived: FindingView[];
  missingFacts: { fact: string; rules: string }[];
  /** Survives IP movement? Survives being killed mid-operation? */
  survival: SurvivalView[];
  /** The mitigation plan of the recommended placement. */
  plan: PlanStepView[];
  facts: { path: string; value: string }[];
  evidence: { fact: string; claim: string; source: LinkView; inference: boolean }[];
  locations: string[];
}

/** Everything a report template places; all sorting, grouping and counting happens here. */
export interface ReportView {
  title: string;
  generatedAt: string | null;
  toolVersion: string;
  schemaVersion: string;
  target: string;
  targetTitle: string;
  baseline: string;
  counts: {
    services: number;
    rules: number;
    placements: number;
    findings: number;
    fails: number;
    unknown: number;
    waived: number;
    problems: number;
    unrecognized: number;
  };
  readiness: { ready: number; total: number; percent: number; text: string };
  blockers: { rule: string; title: string; severity: string; dimension: string; count: number; services: string; effort: number }[];
  placements: {
    name: string;
    title: string;
    description: string;
    grace: string;
    ipStable: string;
    hostnameStable: string;
    moves: string;
    events: string;
    evidence: { fact: string; claim: string; source: LinkView; inference: boolean }[];
  }[];
  placementNames: string[];
  fitLevels: { fit: FitLevel; title: string; fill: string }[];
  fitTable: { placement: string; title: string; cells: { fit: FitLevel; title: string; count: number }[] }[];
  charts: { heatmap: Chart; bars: Chart; fit: Chart };
  scoreLegend: { label: string; fill: string }[];
  noScoreFill: string;
  services: ServiceView[];
  /** Services whose details the output shows; the least interesting are dropped first when a limit applies. */
  details: ServiceView[];
  omitted: string[];
  waves: (Assessment["waves"][number] & {
    hasServices: boolean;
    links: { name: string; anchor: string }[];
    topBlockers: Assessment["waves"][number]["blockers"];
  })[];
  scoring: Assessment["scoring"];
  weights: { severity: string; weight: number }[];
  rules: (Assessment["rules"][number] & { factorText: string; remediationParts: TextPart[]; referenceLinks: LinkView[] })[];
  waivers: { service: string; rule: string; placement: string; reason: string; owner: string; expires: string }[];
  /** Upstream code changes ranked by the services they would unlock. */
  upstream: UpstreamView[];
  /** The published scoring method, one paragraph each. */
  method: string[];
  severities: string[];
  unrecognized: Assessment["unrecognized"];
  /** The first unrecognized inputs, for outputs that must stay short (capped at WORKLOAD_ROW_LIMIT). */
  unrecognizedShown: Assessment["unrecognized"];
  moreUnrecognized: number;
  problems: Assessment["problems"];
}

/** Options of the view: the title, and how many services keep their details (the rest are listed as omitted). */
export interface ReportViewOptions {
  title?: string;
  detailLimit?: number;
}

const DEFAULT_TITLE = "blendcheck: OpenStack services on container schedulers";

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function toLink(text: string): LinkView {
  return { text, url: /^https:\/\/[^\s"'<>]+$/.test(text) ? text : "" };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/** Flattens nested facts into sorted `dotted.path = value` pairs; scalar lists stay on one line. */
export function flattenFacts(facts: Record<string, unknown>, prefix = ""): { path: string; value: string }[] {
  const out: { path: string; value: string }[] = [];
  for (const key of Object.keys(facts).sort(compareText)) {
    const value = facts[key];
    const path = prefix === "" ? key : `${prefix}.${key}`;
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== "object")) {
        out.push({ path, value: value.length === 0 ? "(none)" : value.map(describeValue).join(", ") });
      } else {
        value.forEach((item, i) => {
          if (item !== null && typeof item === "object") out.push(...flattenFacts(item as Record<string, unknown>, `${path}[${i}]`));
          else out.push({ path: `${path}[${i}]`, value: describeValue(item) });
        });
      }
    } else if (value !== null && typeof value === "object") {
      out.push(...flattenFacts(value as Record<string, unknown>, path));
    } else {
      out.push({ path, value: describeValue(value) });
    }
  }
  return out;
}

/** The HTML id of a service's detail: only safe characters, so a hostile name cannot break out of it. */
export function anchorOf(service: string): string {
  return `svc-${service.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

function describeBoolean(value: unknown): string {
  return value === true ? "yes" : value === false ? "no" : "not stated";
}

function sortFindings(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || compareText(a.rule, b.rule) || compareText(a.placement, b.placement);
}

/** The fit and scores of one placement result; a missing result reads as unknown with no score. */
export function buildPlacementColumns(placement: string, result: PlacementResult | undefined): PlacementColumnsView {
  const fit = result?.fit ?? "unknown";
  const withMitigations = result?.fitWithMitigations ?? fit;
  // A mitigated finding still fails as the service is; only the plan lifts it.
  const fails = (result?.counts.fail ?? 0) + (result?.counts.mitigated ?? 0);
  const unknowns = result?.counts.unknown ?? 0;
  return {
    placement,
    fit,
    fitTitle: FIT_TITLES[fit],
    fitLabel: fit === "unknown" && result ? `${FIT_TITLES[fit]}: ${fails} failing, ${unknowns} unknown` : FIT_TITLES[fit],
    fitWithMitigations: withMitigations,
    fitWithMitigationsTitle: FIT_TITLES[withMitigations],
    lifted: withMitigations !== fit,
    twelveFactor: formatScore(result?.scores["twelve-factor"] ?? null),
    ipMovement: formatScore(result?.scores["ip-movement"] ?? null),
    termination: formatScore(result?.scores.termination ?? null),
    overall: formatScore(result?.scores.overall ?? null),
    fails,
    unknowns,
  };
}

/** Builds the report view from an assessment alone. */
export function buildReportView(assessment: Assessment, options: ReportViewOptions = {}): ReportView {
  const target = assessment.scoring.target;
  const rulesById = new Map(assessment.rules.map((r) => [r.id, r]));
  const placementTitle = new Map(assessment.placements.map((p) => [p.name, p.title]));
  const placementNames = assessment.placements.map((p) => p.name);

  // One row per rule: the same rule failing under several placements reads once, placements listed,
  // with the message of the target placement when the rule fails there.
  const groupFindings = (findings: Finding[]): FindingView[] => {
    const groups = new Map<string, Finding[]>();
    for (const f of [...findings].sort(sortFindings)) groups.set(f.rule, [...(groups.get(f.rule) ?? []), f]);
    return [...groups.values()].map((group) => {
      const f = group.find((g) => g.placement === target) ?? (group[0] as Finding);
      const rule = rulesById.get(f.rule);
      return {
        rule: f.rule,
        title: rule?.title ?? "",
        placement: f.placement,
        placements: group.map((g) => g.placement).join(", "),
        severity: f.severity,
        dimension: f.dimension,
        message: f.message,
        rationale: splitCode(rule?.rationale ?? ""),
        remediation: splitCode(rule?.remediation ?? ""),
        effort: f.effort,
        missing: [...new Set(group.flatMap((g) => g.missing ?? []))].sort(compareText).join(", "),
        locations: [...new Set(group.flatMap((g) => g.locations.map((l) => `${l.file}:${l.line}`)))].sort(compareText),
        references: (rule?.references ?? []).map((r) => ({ text: r.title, url: toLink(r.url).url })),
      };
    });
  };

  const findingsBySubject = indexFindingsBySubject(assessment.findings);
  const mitigationIndex = indexMitigations(assessment);
  const sorted = [...assessment.services].sort((a, b) => compareText(a.name, b.name));
  const subjects: ServiceView[] = sorted.map((s) => {
    const findings = findingsOfResult(findingsBySubject, s);
    const fails = findings.filter((f) => f.status === "fail");
    const targetFails = fails.filter((f) => f.placement === target);
    const unknowns = findings.filter((f) => f.status === "unknown");
    const targetResult = s.results.find((r) => r.placement === target);
    const worst = [...targetFails].sort(sortFindings)[0]?.severity ?? "";
    const missingByFact = new Map<string, Set<string>>();
    for (const f of unknowns)
      for (const fact of f.missing ?? []) missingByFact.set(fact, (missingByFact.get(fact) ?? new Set()).add(f.rule));
    const weight = (severity: string) => assessment.scoring.weights[severity] ?? 0;
    return {
      name: describeSubject(s.name, s.workload),
      subjectName: describeSubject(s.name, s.workload),
      workloadCount: s.workload ? 1 : 0,
      workloads: [],
      moreWorkloads: 0,
      project: s.project,
      role: s.role,
      variant: s.variant ?? "",
      description: assessment.profiles[s.name]?.description ?? "",
      anchor: anchorOf(describeSubject(s.name, s.workload)),
      recommendation: {
        ...s.recommendation,
        title: placementTitle.get(s.recommendation.placement) ?? s.recommendation.placement,
        fitTitle: FIT_TITLES[s.recommendation.fit],
      },
      wave: s.wave,
      recommended: buildPlacementColumns(
        s.recommendation.placement,
        s.results.find((r) => r.placement === s.recommendation.placement),
      ),
      target: buildPlacementColumns(target, targetResult),
      sortKeys: {
        recOverall: s.results.find((r) => r.placement === s.recommendation.placement)?.scores.overall ?? -1,
        twelve: targetResult?.scores["twelve-factor"] ?? -1,
        ip: targetResult?.scores["ip-movement"] ?? -1,
        term: targetResult?.scores.termination ?? -1,
        overall: targetResult?.scores.overall ?? -1,
      },
      worstSeverity: worst,
      severityRank: worst === "" ? SEVERITIES.length : severityRank(worst),
      failCount: targetFails.length,
      interest: fails.reduce((sum, f) => sum + weight(f.severity), 0) * 100 + unknowns.length,
      results: [...s.results]
        .sort((a, b) => placementNames.indexOf(a.placement) - placementNames.indexOf(b.placement))
        .map((r) => ({
          placement: r.placement,
          fit: r.fit,
          fitTitle: FIT_TITLES[r.fit],
          fitLabel: buildPlacementColumns(r.placement, r).fitLabel,
          twelveFactor: formatScore(r.scores["twelve-factor"]),
          ipMovement: formatScore(r.scores["ip-movement"]),
          termination: formatScore(r.scores.termination),
          overall: formatScore(r.scores.overall),
          confidence: `${Math.round(r.confidence * 100)}%`,
          effort: r.effort,
          exposure: r.exposurePerMonth,
          detected: r.detected,
        })),
      delta: s.delta,
      fails: groupFindings(fails),
      targetFails: groupFindings(targetFails),
      unknowns: groupFindings(unknowns),
      waived: groupFindings(findings.filter((f) => f.status === "waived")),
      missingFacts: [...missingByFact.entries()]
        .sort((a, b) => compareText(a[0], b[0]))
        .map(([fact, rules]) => ({ fact, rules: [...rules].sort(compareText).join(", ") })),
      survival: buildSurvivalViews(s, mitigationIndex),
      plan: buildPlanView(s, mitigationIndex),
      // Filled in for the subject each service shows (groupServices): flattening every workload's facts is the costly part.
      facts: [],
      evidence: [],
      locations: [...new Set(findings.flatMap((f) => f.locations.map((l) => `${l.file}:${l.line}`)))].sort(compareText),
    };
  });
  const services = groupServices(assessment, sorted, subjects);

  const { details, omitted } = selectDetails(services, options.detailLimit);

  const blockerMap = new Map<string, Set<string>>();
  for (const f of assessment.findings) {
    if (f.status !== "fail" || f.placement !== target) continue;
    blockerMap.set(f.rule, (blockerMap.get(f.rule) ?? new Set()).add(f.service));
  }
  const blockers = [...blockerMap.entries()]
    .map(([rule, names]) => {
      const r = rulesById.get(rule);
      return {
        rule,
        title: r?.title ?? "",
        severity: r?.severity ?? "",
        dimension: r?.dimension ?? "",
        count: names.size,
        services: [...names].sort(compareText).join(", "),
        effort: r?.effort ?? 0,
      };
    })
    .sort((a, b) => b.count - a.count || severityRank(a.severity) - severityRank(b.severity) || compareText(a.rule, b.rule))
    .slice(0, 5);

  const readyCount = assessment.services.filter((s) =>
    s.results.some(
      (r) => r.placement === target && (r.fitWithMitigations === "ready" || r.fitWithMitigations === "ready-with-mitigations"),
    ),
  ).length;
  const total = assessment.services.length;
  const percent = total === 0 ? 0 : Math.round((100 * readyCount) / total);

  const fitTable = assessment.placements.map((p) => ({
    placement: p.name,
    title: p.title,
    cells: FIT_ORDER.map((fit) => ({
      fit,
      title: FIT_TITLES[fit],
      count: assessment.services.filter((s) => s.results.some((r) => r.placement === p.name && r.fit === fit)).length,
    })),
  }));

  const scoresOf = (s: ServiceResult) =>
    placementNames.map((p) => {
      const r = s.results.find((x) => x.placement === p);
      return DIMENSIONS.map((d) => r?.scores[d.key] ?? null);
    });
  const serviceByName = new Map(assessment.services.map((s) => [describeSubject(s.name, s.workload), s]));
  const resultOf = (view: ServiceView) => serviceByName.get(view.subjectName);
  const serviceOfSubject = new Map([...serviceByName.entries()].map(([subject, s]) => [subject, s.name]));
  const overallOf = (s: ServiceResult | undefined, placement: string) =>
    s?.results.find((r) => r.placement === placement)?.scores.overall ?? null;

  const waivers = assessment.findings
    .filter((f) => f.status === "waived")
    .sort((a, b) => compareText(a.service, b.service) || compareText(a.rule, b.rule) || compareText(a.placement, b.placement))
    .map((f) => ({
      service: f.service,
      rule: f.rule,
      placement: f.placement,
      reason: f.waiver?.reason ?? "",
      owner: f.waiver?.owner ?? "",
      expires: f.waiver?.expires ?? "",
    }));

  return {
    title: options.title ?? DEFAULT_TITLE,
    generatedAt: assessment.generatedAt,
    toolVersion: assessment.tool.version,
    schemaVersion: assessment.schemaVersion,
    target,
    targetTitle: placementTitle.get(target) ?? target,
    baseline: BASELINE,
    counts: {
      services: total,
      rules: assessment.rules.length,
      placements: assessment.placements.length,
      findings: assessment.findings.length,
      fails: assessment.findings.filter((f) => f.status === "fail").length,
      unknown: assessment.findings.filter((f) => f.status === "unknown").length,
      waived: waivers.length,
      problems: assessment.problems.length,
      unrecognized: assessment.unrecognized.length,
    },
    readiness: {
      ready: readyCount,
      total,
      percent,
      text: `${readyCount} of ${total} services (${percent}%) are ready or ready with mitigations under ${target}`,
    },
    blockers,
    placements: assessment.placements.map((p) => {
      const events = p.spec.events && typeof p.spec.events === "object" ? (p.spec.events as Record<string, unknown>) : {};
      const evidence = Array.isArray(p.spec.evidence) ? (p.spec.evidence as Record<string, unknown>[]) : [];
      return {
        name: p.name,
        title: p.title,
        description: p.description ?? "",
        grace: p.spec.graceSeconds === undefined ? "not stated" : `${describeValue(p.spec.graceSeconds)} s`,
        ipStable: describeBoolean(p.spec.ipStable),
        hostnameStable: describeBoolean(p.spec.hostnameStable),
        moves: describeBoolean(p.spec.movesBetweenHosts),
        events: Object.keys(events)
          .sort(compareText)
          .map((k) => `${k} ${describeValue(events[k])}`)
          .join(", "),
        evidence: evidence.map((e) => ({
          fact: describeValue(e.fact),
          claim: describeValue(e.claim),
          source: toLink(describeValue(e.source)),
          inference: e.inference === true,
        })),
      };
    }),
    placementNames,
    fitLevels: FIT_ORDER.map((fit) => ({ fit, title: FIT_TITLES[fit], fill: FIT_FILLS[fit] })),
    fitTable,
    charts: {
      heatmap: computeHeatmap(
        services.map((s) => ({ service: s.name, scores: scoresOf(resultOf(s) as ServiceResult) })),
        placementNames,
        DIMENSIONS,
      ),
      bars: computeScoreBars(
        services.map((s) => ({
          service: s.name,
          baseline: overallOf(resultOf(s), BASELINE),
          target: overallOf(resultOf(s), target),
        })),
        BASELINE,
        target,
      ),
      fit: computeFitBars(fitTable.map((row) => ({ placement: row.placement, counts: row.cells }))),
    },
    scoreLegend: SCORE_BANDS.map((b) => ({ label: b.label, fill: b.fill })),
    noScoreFill: NO_SCORE_FILL,
    services,
    details,
    omitted,
    waves: [...assessment.waves]
      .sort((a, b) => a.wave - b.wave)
      .map((w) => ({
        ...w,
        hasServices: w.services.length > 0,
        links: linkWaveServices(w.services, serviceOfSubject),
        topBlockers: w.blockers.slice(0, 5),
      })),
    scoring: assessment.scoring,
    weights: Object.keys(assessment.scoring.weights)
      .sort((a, b) => severityRank(a) - severityRank(b) || compareText(a, b))
      .map((severity) => ({ severity, weight: assessment.scoring.weights[severity] ?? 0 })),
    rules: [...assessment.rules]
      .sort((a, b) => compareText(a.id, b.id))
      .map((r) => ({
        ...r,
        factorText: r.factor ?? "",
        remediationParts: splitCode(r.remediation),
        referenceLinks: r.references.map((ref) => ({ text: ref.title, url: toLink(ref.url).url })),
      })),
    waivers,
    upstream: buildUpstreamView(assessment),
    method: describeScoringMethod(assessment.scoring),
    severities: [...SEVERITIES],
    unrecognized: assessment.unrecognized,
    unrecognizedShown: assessment.unrecognized.slice(0, WORKLOAD_ROW_LIMIT),
    moreUnrecognized: Math.max(0, assessment.unrecognized.length - WORKLOAD_ROW_LIMIT),
    problems: assessment.problems,
  };
}

/**
 * One view per service: a service assessed once stays as it is; the workloads of a service are
 * grouped, the details shown once (of the workload with the most severe failures) with a capped
 * table of every workload, so a report's size follows the services, not the workloads.
 */
function groupServices(assessment: Assessment, sorted: readonly ServiceResult[], subjects: readonly ServiceView[]): ServiceView[] {
  const groups = new Map<string, number[]>();
  sorted.forEach((s, i) => {
    const indexes = groups.get(s.name);
    if (indexes) indexes.push(i);
    else groups.set(s.name, [i]);
  });
  const byInterest = (a: number, b: number) =>
    (subjects[b] as ServiceView).interest - (subjects[a] as ServiceView).interest ||
    compareText((subjects[a] as ServiceView).subjectName, (subjects[b] as ServiceView).subjectName);
  return [...groups.entries()].map(([name, indexes]) => {
    const ranked = [...indexes].sort(byInterest);
    const shownIndex = ranked[0] as number;
    const shown = subjects[shownIndex] as ServiceView;
    const result = sorted[shownIndex] as ServiceResult;
    const knowledge = assessment.profiles[name];
    const withWorkload = ranked.filter((i) => sorted[i]?.workload !== undefined);
    const rows = withWorkload.slice(0, WORKLOAD_ROW_LIMIT).map((i): WorkloadRowView => {
      const s = sorted[i] as ServiceResult;
      const view = subjects[i] as ServiceView;
      const workload = s.workload as NonNullable<ServiceResult["workload"]>;
      return {
        workload: describeWorkload(workload),
        location: `${workload.file}:${workload.line}`,
        placement: s.results.find((r) => r.detected)?.placement ?? "none",
        fit: view.target.fit,
        fitLabel: view.target.fitLabel,
        failCount: view.failCount,
      };
    });
    return {
      ...shown,
      name,
      anchor: anchorOf(name),
      workloadCount: withWorkload.length,
      workloads: rows,
      moreWorkloads: withWorkload.length - rows.length,
      description: knowledge?.description ?? "",
      facts: flattenFacts(factsOfSubject(assessment, result)),
      evidence: (knowledge?.evidence ?? []).map((e) => ({
        fact: e.fact,
        claim: e.claim,
        source: toLink(e.source),
        inference: e.inference === true,
      })),
    };
  });
}

/** A wave's members as links to their services' details: each service once, with how many of its workloads the wave holds. */
function linkWaveServices(subjects: readonly string[], serviceOfSubject: ReadonlyMap<string, string>): { name: string; anchor: string }[] {
  const counts = new Map<string, number>();
  for (const subject of subjects) {
    const service = serviceOfSubject.get(subject) ?? subject;
    counts.set(service, (counts.get(service) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([service, count]) => ({ name: count > 1 ? `${service} (${count} workloads)` : service, anchor: anchorOf(service) }));
}

/** The services that keep their details under a limit, the most interesting first kept, and the rest by name. */
function selectDetails(services: readonly ServiceView[], detailLimit = services.length): Pick<ReportView, "details" | "omitted"> {
  const byInterest = [...services].sort((a, b) => b.interest - a.interest || compareText(a.name, b.name));
  const keep = new Set(byInterest.slice(0, Math.max(0, detailLimit)).map((s) => s.name));
  return { details: services.filter((s) => keep.has(s.name)), omitted: services.filter((s) => !keep.has(s.name)).map((s) => s.name) };
}

/** The same view with only the `detailLimit` most interesting services detailed; nothing else is rebuilt. */
export function limitDetails(view: ReportView, detailLimit: number): ReportView {
  return { ...view, ...selectDetails(view.services, detailLimit) };
}
