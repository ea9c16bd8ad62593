import { compareText } from "../../load/problem.js";
import { findingsOfResult, indexFindingsBySubject } from "../../model/subject-key.js";
import { buildSubjectView } from "./build-subject-view.js";
import { groupServiceViews } from "./group-service-views.js";
import type { ServiceView } from "./report-view.js";
import type { ViewContext } from "./view-context.js";

/** One view per service, by name: each subject viewed with its own findings, then the workloads of a service grouped. */
export function buildServiceViews(context: ViewContext): ServiceView[] {
  const { assessment } = context;
  const findingsBySubject = indexFindingsBySubject(assessment.findings);
  const sorted = [...assessment.services].sort((a, b) => compareText(a.name, b.name));
  const subjects = sorted.map((s) => buildSubjectView(s, findingsOfResult(findingsBySubject, s), context));
  return groupServiceViews(assessment, sorted, subjects);
}
