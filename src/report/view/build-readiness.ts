import type { Assessment } from "../../model/assessment.js";
import type { ReportView } from "./report-view.js";

/**
 * How many subjects are ready, or ready with mitigations, under the target placement once their
 * mitigation plans are applied, as a count, a percentage and a sentence that says it counts fit
 * after the plans (the fit table beside it counts fit as it is).
 */
export function buildReadiness(assessment: Assessment, target: string): ReportView["readiness"] {
  const ready = assessment.services.filter((s) =>
    s.results.some(
      (r) => r.placement === target && (r.fitWithMitigations === "ready" || r.fitWithMitigations === "ready-with-mitigations"),
    ),
  ).length;
  const total = assessment.services.length;
  const percent = total === 0 ? 0 : Math.round((100 * ready) / total);
  return {
    ready,
    total,
    percent,
    text: `${ready} of ${total} services (${percent}%) are ready or ready with mitigations under ${target} once their mitigation plans are applied`,
  };
}
