import { compareText } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import { describeSubject } from "../../model/subject-key.js";
import { anchorOf } from "./anchor-of.js";
import type { ReportView } from "./report-view.js";

/** How many blockers each wave lists. */
const TOP_WAVE_BLOCKERS = 5;

/** The migration waves in order, each with links to its services' details and its top blockers. */
export function buildWaveViews(assessment: Assessment): ReportView["waves"] {
  const serviceOfSubject = new Map(assessment.services.map((s) => [describeSubject(s.name, s.workload), s.name]));
  return [...assessment.waves]
    .sort((a, b) => a.wave - b.wave)
    .map((w) => ({
      ...w,
      hasServices: w.services.length > 0,
      links: linkWaveServices(w.services, serviceOfSubject),
      topBlockers: w.blockers.slice(0, TOP_WAVE_BLOCKERS),
    }));
}

/** A wave's members as links to their services' details: each service once, with how many of its workloads the wave holds. */
function linkWaveServices(subjects: readonly string[], serviceOfSubject: ReadonlyMap<string, string>): { name: string; anchor: string }[] {
  const counts = new Map<string, number>();
  for (const subject of subjects) {
    const service = serviceOfSubject.get(subject) ?? subject;
    counts.set(service, (counts.get(service) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => compareText(a[0], b[0]))
    .map(([service, count]) => ({ name: count > 1 ? `${service} (${count} workloads)` : service, anchor: anchorOf(service) }));
}
