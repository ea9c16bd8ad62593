import type { Assessment } from "../../model/assessment.js";
import { FIT_ORDER } from "../../score/recommend.js";
import { FIT_TITLES } from "./fit-titles.js";
import type { ReportView } from "./report-view.js";

/** How many subjects reach each fit level under each placement, before any mitigation. */
export function buildFitTable(assessment: Assessment): ReportView["fitTable"] {
  return assessment.placements.map((p) => ({
    placement: p.name,
    title: p.title,
    cells: FIT_ORDER.map((fit) => ({
      fit,
      title: FIT_TITLES[fit],
      count: assessment.services.filter((s) => s.results.some((r) => r.placement === p.name && r.fit === fit)).length,
    })),
  }));
}
