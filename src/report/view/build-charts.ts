import type { ServiceResult } from "../../model/assessment.js";
import { describeSubject } from "../../model/subject-key.js";
import { computeFitBars, computeHeatmap, computeScoreBars } from "../charts.js";
import { BASELINE_PLACEMENT } from "./baseline-placement.js";
import { DIMENSIONS } from "./dimensions.js";
import type { ReportView, ServiceView } from "./report-view.js";
import type { ViewContext } from "./view-context.js";

/** The score heatmap, the baseline-against-target bars and the fit bars, one row per service view. */
export function buildCharts(
  services: readonly ServiceView[],
  fitTable: ReportView["fitTable"],
  { assessment, target, placementNames }: ViewContext,
): ReportView["charts"] {
  // Each service view shows one subject's scores: the service's, or its workload's with the most severe failures.
  const resultBySubject = new Map(assessment.services.map((s) => [describeSubject(s.name, s.workload), s]));
  const resultOf = (view: ServiceView) => resultBySubject.get(view.subjectName);
  const scoresOf = (s: ServiceResult | undefined) =>
    placementNames.map((p) => {
      const r = s?.results.find((x) => x.placement === p);
      return DIMENSIONS.map((d) => r?.scores[d.key] ?? null);
    });
  const overallOf = (s: ServiceResult | undefined, placement: string) =>
    s?.results.find((r) => r.placement === placement)?.scores.overall ?? null;
  return {
    heatmap: computeHeatmap(
      services.map((s) => ({ service: s.name, scores: scoresOf(resultOf(s)) })),
      placementNames,
      DIMENSIONS,
    ),
    bars: computeScoreBars(
      services.map((s) => ({
        service: s.name,
        baseline: overallOf(resultOf(s), BASELINE_PLACEMENT),
        target: overallOf(resultOf(s), target),
      })),
      BASELINE_PLACEMENT,
      target,
    ),
    fit: computeFitBars(fitTable.map((row) => ({ placement: row.placement, counts: row.cells }))),
  };
}
