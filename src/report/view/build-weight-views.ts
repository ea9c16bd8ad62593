import { compareText } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import { severityRank } from "../../model/constants.js";
import type { ReportView } from "./report-view.js";

/** The scoring weight of each severity, the most severe first. */
export function buildWeightViews(scoring: Assessment["scoring"]): ReportView["weights"] {
  return Object.keys(scoring.weights)
    .sort((a, b) => severityRank(a) - severityRank(b) || compareText(a, b))
    .map((severity) => ({ severity, weight: scoring.weights[severity] ?? 0 }));
}
