import { compareText } from "../../load/problem.js";
import type { Finding } from "../../model/assessment.js";
import { severityRank } from "../../model/constants.js";

/** Orders findings the most severe first, then by rule and placement. */
export function compareFindings(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || compareText(a.rule, b.rule) || compareText(a.placement, b.placement);
}
