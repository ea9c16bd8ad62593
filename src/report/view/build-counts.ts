import type { Assessment, FindingStatus } from "../../model/assessment.js";
import type { ReportView } from "./report-view.js";

/** The headline counts: subjects, rules, placements, findings by status, problems and unrecognized inputs. */
export function buildCounts(assessment: Assessment): ReportView["counts"] {
  // One pass over the findings, counting every status: a large run has millions of them.
  const counted = new Map<FindingStatus, number>();
  for (const { status } of assessment.findings) counted.set(status, (counted.get(status) ?? 0) + 1);
  const byStatus = (status: FindingStatus) => counted.get(status) ?? 0;
  return {
    services: assessment.services.length,
    rules: assessment.rules.length,
    placements: assessment.placements.length,
    findings: assessment.findings.length,
    fails: byStatus("fail"),
    unknown: byStatus("unknown"),
    waived: byStatus("waived"),
    problems: assessment.problems.length,
    unrecognized: assessment.unrecognized.length,
  };
}
