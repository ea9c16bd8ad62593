import type { Assessment, FitLevel, ServiceResult } from "../../model/assessment.js";
import type { Chart } from "../charts.js";
import type { PlanStepView, SurvivalView, UpstreamView } from "../remediation-view.js";
import type { TextPart } from "./split-code.js";
import type { LinkView } from "./to-link.js";

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
    /** The reasons, one line per service and reason (`groupWaveReasons`). */
    reasonLines: string[];
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
