import { compareText } from "../../load/problem.js";
import type { Assessment, ServiceResult } from "../../model/assessment.js";
import { describeWorkload, factsOfSubject } from "../../model/subject-key.js";
import { anchorOf } from "./anchor-of.js";
import type { SubjectRank } from "./build-subject-view.js";
import { flattenFacts } from "./flatten-facts.js";
import { type ServiceView, WORKLOAD_ROW_LIMIT, type WorkloadRowView } from "./report-view.js";
import { toLink } from "./to-link.js";

/**
 * One view per service: a service assessed once stays as it is; the workloads of a service are
 * grouped, the details shown once (of the workload with the most severe failures) with a capped
 * table of every workload, so a report's size follows the services, not the workloads.
 * `subjects[i]` is the rank of `sorted[i]`; `view` makes the full view of the subject a service shows.
 */
export function groupServiceViews(
  assessment: Assessment,
  sorted: readonly ServiceResult[],
  subjects: readonly SubjectRank[],
  view: (shown: ServiceResult) => ServiceView,
): ServiceView[] {
  const groups = new Map<string, number[]>();
  sorted.forEach((s, i) => {
    const indexes = groups.get(s.name);
    if (indexes) indexes.push(i);
    else groups.set(s.name, [i]);
  });
  const byInterest = (a: number, b: number) =>
    (subjects[b] as SubjectRank).interest - (subjects[a] as SubjectRank).interest ||
    compareText((subjects[a] as SubjectRank).subjectName, (subjects[b] as SubjectRank).subjectName);
  return [...groups.entries()].map(([name, indexes]) => {
    const ranked = [...indexes].sort(byInterest);
    const shownIndex = ranked[0] as number;
    const result = sorted[shownIndex] as ServiceResult;
    const knowledge = assessment.profiles[name];
    const withWorkload = ranked.filter((i) => sorted[i]?.workload !== undefined);
    const rows = withWorkload.slice(0, WORKLOAD_ROW_LIMIT).map((i): WorkloadRowView => {
      const s = sorted[i] as ServiceResult;
      const rank = subjects[i] as SubjectRank;
      const workload = s.workload as NonNullable<ServiceResult["workload"]>;
      return {
        workload: describeWorkload(workload),
        location: `${workload.file}:${workload.line}`,
        placement: s.results.find((r) => r.detected)?.placement ?? "none",
        fit: rank.target.fit,
        fitLabel: rank.target.fitLabel,
        failCount: rank.failCount,
      };
    });
    return {
      ...view(result),
      name,
      anchor: anchorOf(name),
      workloadCount: withWorkload.length,
      workloads: rows,
      moreWorkloads: withWorkload.length - rows.length,
      description: knowledge?.description ?? "",
      facts: flattenFacts(factsOfSubject(assessment, result)),
      evidence: (knowledge?.evidence ?? []).map((e) => ({
        fact: e.fact,
        claim: e.claim,
        source: toLink(e.source),
        inference: e.inference === true,
      })),
    };
  });
}
