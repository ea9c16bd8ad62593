import type { Assessment } from "../model/assessment.js";
import { SEVERITIES } from "../model/constants.js";
import { describeScoringMethod } from "../score/method.js";
import { FIT_ORDER } from "../score/recommend.js";
import { FIT_FILLS, NO_SCORE_FILL, SCORE_BANDS } from "./charts.js";
import { buildUpstreamView } from "./remediation-view.js";
import { BASELINE_PLACEMENT } from "./view/baseline-placement.js";
import { buildBlockers } from "./view/build-blockers.js";
import { buildCharts } from "./view/build-charts.js";
import { buildCounts } from "./view/build-counts.js";
import { buildFitTable } from "./view/build-fit-table.js";
import { buildPlacementViews } from "./view/build-placement-views.js";
import { buildReadiness } from "./view/build-readiness.js";
import { buildRuleViews } from "./view/build-rule-views.js";
import { buildServiceViews } from "./view/build-service-views.js";
import { buildUnrecognizedView } from "./view/build-unrecognized-view.js";
import { buildWaiverViews } from "./view/build-waiver-views.js";
import { buildWaveViews } from "./view/build-wave-views.js";
import { buildWeightViews } from "./view/build-weight-views.js";
import { FIT_TITLES } from "./view/fit-titles.js";
import type { ReportView, ReportViewOptions } from "./view/report-view.js";
import { selectDetails } from "./view/select-details.js";
import { buildViewContext } from "./view/view-context.js";

export { anchorOf } from "./view/anchor-of.js";
export { DIMENSIONS } from "./view/dimensions.js";
export { flattenFacts } from "./view/flatten-facts.js";
export type {
  FindingView,
  PlacementColumnsView,
  ReportView,
  ReportViewOptions,
  ServiceView,
  WorkloadRowView,
} from "./view/report-view.js";
export { splitCode, type TextPart } from "./view/split-code.js";
export type { LinkView } from "./view/to-link.js";

const DEFAULT_TITLE = "blendcheck: OpenStack services on container schedulers";

/** Builds the report view from an assessment alone, one section builder per part of the report. */
export function buildReportView(assessment: Assessment, options: ReportViewOptions = {}): ReportView {
  const context = buildViewContext(assessment);
  const { target } = context;
  const services = buildServiceViews(context);
  const fitTable = buildFitTable(assessment);
  return {
    title: options.title ?? DEFAULT_TITLE,
    generatedAt: assessment.generatedAt,
    toolVersion: assessment.tool.version,
    schemaVersion: assessment.schemaVersion,
    target,
    targetTitle: context.placementTitle.get(target) ?? target,
    baseline: BASELINE_PLACEMENT,
    counts: buildCounts(assessment),
    readiness: buildReadiness(assessment, target),
    blockers: buildBlockers(context),
    placements: buildPlacementViews(assessment),
    placementNames: context.placementNames,
    fitLevels: FIT_LEVELS,
    fitTable,
    charts: buildCharts(services, fitTable, context),
    scoreLegend: SCORE_BANDS.map((b) => ({ label: b.label, fill: b.fill })),
    noScoreFill: NO_SCORE_FILL,
    services,
    ...selectDetails(services, options.detailLimit),
    waves: buildWaveViews(assessment),
    scoring: assessment.scoring,
    weights: buildWeightViews(assessment.scoring),
    rules: buildRuleViews(assessment),
    waivers: buildWaiverViews(assessment),
    upstream: buildUpstreamView(assessment),
    method: describeScoringMethod(assessment.scoring),
    severities: [...SEVERITIES],
    ...buildUnrecognizedView(assessment),
    problems: assessment.problems,
  };
}

const defaultViews = new WeakMap<Assessment, ReportView>();

const FIT_LEVELS: ReportView["fitLevels"] = FIT_ORDER.map((fit) => ({ fit, title: FIT_TITLES[fit], fill: FIT_FILLS[fit] }));

/**
 * The report view of an assessment with the default options, built once however many outputs of
 * one run read it (HTML, Markdown, the text table and the terminal summary). The assessment must
 * not change once its view is built.
 */
export function reportViewOf(assessment: Assessment): ReportView {
  let view = defaultViews.get(assessment);
  if (!view) {
    view = buildReportView(assessment);
    defaultViews.set(assessment, view);
  }
  return view;
}

/** What the terminal summary shows of the report view. */
export type SummaryView = Pick<ReportView, "toolVersion" | "target" | "counts" | "readiness" | "blockers" | "fitLevels" | "fitTable">;

/**
 * The summary's part of the report view: taken from the view when an output of the run built it,
 * else built alone, without the per-service views a summary does not show (most of the work on a
 * large estate).
 */
export function summaryViewOf(assessment: Assessment): SummaryView {
  const built = defaultViews.get(assessment);
  if (built) return built;
  const context = buildViewContext(assessment);
  return {
    toolVersion: assessment.tool.version,
    target: context.target,
    counts: buildCounts(assessment),
    readiness: buildReadiness(assessment, context.target),
    blockers: buildBlockers(context),
    fitLevels: FIT_LEVELS,
    fitTable: buildFitTable(assessment),
  };
}

/** The same view with only the `detailLimit` most interesting services detailed; nothing else is rebuilt. */
export function limitDetails(view: ReportView, detailLimit: number): ReportView {
  return { ...view, ...selectDetails(view.services, detailLimit) };
}
