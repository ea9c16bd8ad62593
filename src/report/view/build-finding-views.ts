import { compareText } from "../../load/problem.js";
import type { Assessment, Finding } from "../../model/assessment.js";
import { compareFindings } from "./compare-findings.js";
import type { FindingView } from "./report-view.js";
import { splitCode } from "./split-code.js";
import { toLink } from "./to-link.js";

/**
 * One row per rule: the same rule failing under several placements reads once, placements listed,
 * with the message of the target placement when the rule fails there.
 */
export function buildFindingViews(
  findings: readonly Finding[],
  target: string,
  rulesById: ReadonlyMap<string, Assessment["rules"][number]>,
): FindingView[] {
  const groups = new Map<string, Finding[]>();
  for (const f of [...findings].sort(compareFindings)) {
    const group = groups.get(f.rule);
    if (group) group.push(f);
    else groups.set(f.rule, [f]);
  }
  return [...groups.values()].map((group) => {
    const f = group.find((g) => g.placement === target) ?? (group[0] as Finding);
    const rule = rulesById.get(f.rule);
    return {
      rule: f.rule,
      title: rule?.title ?? "",
      placement: f.placement,
      placements: group.map((g) => g.placement).join(", "),
      severity: f.severity,
      dimension: f.dimension,
      message: f.message,
      rationale: splitCode(rule?.rationale ?? ""),
      remediation: splitCode(rule?.remediation ?? ""),
      effort: f.effort,
      missing: [...new Set(group.flatMap((g) => g.missing ?? []))].sort(compareText).join(", "),
      locations: [...new Set(group.flatMap((g) => g.locations.map((l) => `${l.file}:${l.line}`)))].sort(compareText),
      references: (rule?.references ?? []).map((r) => ({ text: r.title, url: toLink(r.url).url })),
    };
  });
}
