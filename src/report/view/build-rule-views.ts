import { compareText } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import type { ReportView } from "./report-view.js";
import { splitCode } from "./split-code.js";
import { toLink } from "./to-link.js";

/** The rules by id, with their remediation split for inline code and their references as safe links. */
export function buildRuleViews(assessment: Assessment): ReportView["rules"] {
  return [...assessment.rules]
    .sort((a, b) => compareText(a.id, b.id))
    .map((r) => ({
      ...r,
      factorText: r.factor ?? "",
      remediationParts: splitCode(r.remediation),
      referenceLinks: r.references.map((ref) => ({ text: ref.title, url: toLink(ref.url).url })),
    }));
}
