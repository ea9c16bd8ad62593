import { compareText } from "../../load/problem.js";
import { severityRank } from "../../model/constants.js";
import type { ReportView } from "./report-view.js";
import type { ViewContext } from "./view-context.js";

/** How many rules the top-blockers list shows. */
const TOP_BLOCKERS = 5;

/** The rules failing under the target placement for the most services, the most severe first among equals. */
export function buildBlockers({ assessment, target, rulesById }: ViewContext): ReportView["blockers"] {
  const blockerMap = new Map<string, Set<string>>();
  for (const f of assessment.findings) {
    if (f.status !== "fail" || f.placement !== target) continue;
    blockerMap.set(f.rule, (blockerMap.get(f.rule) ?? new Set()).add(f.service));
  }
  return [...blockerMap.entries()]
    .map(([rule, names]) => {
      const r = rulesById.get(rule);
      return {
        rule,
        title: r?.title ?? "",
        severity: r?.severity ?? "",
        dimension: r?.dimension ?? "",
        count: names.size,
        services: [...names].sort(compareText).join(", "),
        effort: r?.effort ?? 0,
      };
    })
    .sort((a, b) => b.count - a.count || severityRank(a.severity) - severityRank(b.severity) || compareText(a.rule, b.rule))
    .slice(0, TOP_BLOCKERS);
}
