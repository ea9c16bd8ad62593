import { compareText } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import type { ReportView } from "./report-view.js";

/** The waived findings by service, rule and placement, each with its reason, owner and expiry. */
export function buildWaiverViews(assessment: Assessment): ReportView["waivers"] {
  return assessment.findings
    .filter((f) => f.status === "waived")
    .sort((a, b) => compareText(a.service, b.service) || compareText(a.rule, b.rule) || compareText(a.placement, b.placement))
    .map((f) => ({
      service: f.service,
      rule: f.rule,
      placement: f.placement,
      reason: f.waiver?.reason ?? "",
      owner: f.waiver?.owner ?? "",
      expires: f.waiver?.expires ?? "",
    }));
}
