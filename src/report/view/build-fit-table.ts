import type { Assessment } from "../../model/assessment.js";
import { FIT_ORDER } from "../../score/recommend.js";
import { FIT_TITLES } from "./fit-titles.js";
import type { ReportView } from "./report-view.js";

/** How many subjects reach each fit level under each placement, before any mitigation. */
export function buildFitTable(assessment: Assessment): ReportView["fitTable"] {
  // One pass over the subjects: a subject counts once for each placement and fit its results name.
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const service of assessment.services) {
    seen.clear();
    for (const { placement, fit } of service.results) {
      const key = `${placement}\u0000${fit}`;
      if (seen.has(key)) continue;
      seen.add(key);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return assessment.placements.map((p) => ({
    placement: p.name,
    title: p.title,
    cells: FIT_ORDER.map((fit) => ({ fit, title: FIT_TITLES[fit], count: counts.get(`${p.name}\u0000${fit}`) ?? 0 })),
  }));
}
