import type { Assessment, Finding, FitLevel, ServiceResult } from "../model/assessment.js";
import { SEVERITIES } from "../model/common.js";
import { FIT_ORDER, formatScore } from "../score/recommend.js";

/** Titles of the fit levels as reports print them. */
export const FIT_TITLES: Record<FitLevel, string> = {
  ready: "Ready",
  "ready-with-mitigations": "Ready with mitigations",
  "needs-work": "Needs work",
  "not-fit": "Not fit",
  unknown: "Unknown",
};

/** Everything a report template places; all sorting, grouping and counting happens here. */
export interface ReportView {
  title: string;
  generatedAt: string | null;
  toolVersion: string;
  schemaVersion: string;
  counts: {
    services: number;
    rules: number;
    placements: number;
    findings: number;
    fails: number;
    unknown: number;
    problems: number;
    unrecognized: number;
  };
  placements: {
    name: string;
    title: string;
    description: string;
    grace: number;
    ipStable: boolean;
    hostnameStable: boolean;
    moves: boolean;
  }[];
  fitTable: { placement: string; title: string; cells: { fit: FitLevel; title: string; count: number }[] }[];
  services: ServiceView[];
  waves: Assessment["waves"];
  scoring: Assessment["scoring"];
  rules: Assessment["rules"];
  unrecognized: Assessment["unrecognized"];
  problems: Assessment["problems"];
}

export interface ServiceView {
  name: string;
  project: string;
  role: string;
  variant: string;
  anchor: string;
  recommendation: ServiceResult["recommendation"] & { title: string };
  wave: number;
  results: {
    placement: string;
    fit: FitLevel;
    fitTitle: string;
    twelveFactor: string;
    ipMovement: string;
    termination: string;
    overall: string;
    confidence: string;
    effort: number;
    exposure: number;
  }[];
  delta: ServiceResult["delta"];
  fails: FindingView[];
  unknowns: FindingView[];
  evidence: ServiceResult["evidence"];
}

export interface FindingView {
  rule: string;
  placement: string;
  severity: string;
  dimension: string;
  message: string;
  effort: number;
  missing: string;
  locations: string;
}

const severityRank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);

/** Builds the report view from an assessment alone. */
export function buildReportView(assessment: Assessment, title = "blendcheck: OpenStack services on container schedulers"): ReportView {
  const findingsByService = new Map<string, Finding[]>();
  for (const f of assessment.findings) {
    const list = findingsByService.get(f.service) ?? [];
    list.push(f);
    findingsByService.set(f.service, list);
  }
  const placementTitle = new Map(assessment.placements.map((p) => [p.name, p.title]));
  return {
    title,
    generatedAt: assessment.generatedAt,
    toolVersion: assessment.tool.version,
    schemaVersion: assessment.schemaVersion,
    counts: {
      services: assessment.services.length,
      rules: assessment.rules.length,
      placements: assessment.placements.length,
      findings: assessment.findings.length,
      fails: assessment.findings.filter((f) => f.status === "fail").length,
      unknown: assessment.findings.filter((f) => f.status === "unknown").length,
      problems: assessment.problems.length,
      unrecognized: assessment.unrecognized.length,
    },
    placements: assessment.placements.map((p) => ({
      name: p.name,
      title: p.title,
      description: p.description ?? "",
      grace: Number(p.spec.graceSeconds),
      ipStable: p.spec.ipStable === true,
      hostnameStable: p.spec.hostnameStable === true,
      moves: p.spec.movesBetweenHosts === true,
    })),
    fitTable: assessment.placements.map((p) => ({
      placement: p.name,
      title: p.title,
      cells: FIT_ORDER.map((fit) => ({
        fit,
        title: FIT_TITLES[fit],
        count: assessment.services.filter((s) => s.results.some((r) => r.placement === p.name && r.fit === fit)).length,
      })),
    })),
    services: assessment.services.map((s) => {
      const findings = findingsByService.get(s.name) ?? [];
      const toView = (f: Finding): FindingView => ({
        rule: f.rule,
        placement: f.placement,
        severity: f.severity,
        dimension: f.dimension,
        message: f.message,
        effort: f.effort,
        missing: (f.missing ?? []).join(", "),
        locations: f.locations.map((l) => `${l.file}:${l.line}`).join(", "),
      });
      const sortFindings = (a: Finding, b: Finding) =>
        severityRank(a.severity) - severityRank(b.severity) ||
        (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
        (a.placement < b.placement ? -1 : 1);
      return {
        name: s.name,
        project: s.project,
        role: s.role,
        variant: s.variant ?? "",
        anchor: `svc-${s.name}`,
        recommendation: { ...s.recommendation, title: placementTitle.get(s.recommendation.placement) ?? s.recommendation.placement },
        wave: s.wave,
        results: s.results.map((r) => ({
          placement: r.placement,
          fit: r.fit,
          fitTitle: FIT_TITLES[r.fit],
          twelveFactor: formatScore(r.scores["twelve-factor"]),
          ipMovement: formatScore(r.scores["ip-movement"]),
          termination: formatScore(r.scores.termination),
          overall: formatScore(r.scores.overall),
          confidence: `${Math.round(r.confidence * 100)}%`,
          effort: r.effort,
          exposure: r.exposurePerMonth,
        })),
        delta: s.delta,
        fails: findings
          .filter((f) => f.status === "fail")
          .sort(sortFindings)
          .map(toView),
        unknowns: findings
          .filter((f) => f.status === "unknown")
          .sort(sortFindings)
          .map(toView),
        evidence: s.evidence,
      };
    }),
    waves: assessment.waves,
    scoring: assessment.scoring,
    rules: assessment.rules,
    unrecognized: assessment.unrecognized,
    problems: assessment.problems,
  };
}
