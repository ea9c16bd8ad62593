import { compareText } from "../../load/problem.js";
import type { ServiceResult } from "../../model/assessment.js";
import { findingsOfResult, indexFindingsBySubject } from "../../model/subject-key.js";
import { buildSubjectView, rankSubject } from "./build-subject-view.js";
import { groupServiceViews } from "./group-service-views.js";
import type { ServiceView } from "./report-view.js";
import type { ViewContext } from "./view-context.js";

/**
 * One view per service, by name: each subject ranked by its own findings, the workloads of a service
 * grouped, and only the subject each service shows viewed in full.
 */
export function buildServiceViews(context: ViewContext): ServiceView[] {
  const { assessment } = context;
  const findingsBySubject = indexFindingsBySubject(assessment.findings);
  const sorted = [...assessment.services].sort((a, b) => compareText(a.name, b.name));
  const findingsOf = (s: ServiceResult) => findingsOfResult(findingsBySubject, s);
  const ranks = sorted.map((s) => rankSubject(s, findingsOf(s), context));
  return groupServiceViews(assessment, sorted, ranks, (s) => buildSubjectView(s, findingsOf(s), context));
}
