import type { Assessment } from "../../model/assessment.js";
import type { ReportView } from "./report-view.js";

/** The headline counts: subjects, rules, placements, findings by status, problems and unrecognized inputs. */
export function buildCounts(assessment: Assessment): ReportView["counts"] {
  const byStatus = (status: string) => assessment.findings.filter((f) => f.status === status).length;
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
