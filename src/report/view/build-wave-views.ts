import { compareText } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import { describeSubject } from "../../model/subject-key.js";
import { anchorOf } from "./anchor-of.js";
import type { ReportView } from "./report-view.js";

/** How many blockers each wave lists. */
const TOP_WAVE_BLOCKERS = 5;

/** The migration waves in order, each with links to its services' details, its top blockers and its reasons by service. */
export function buildWaveViews(assessment: Assessment): ReportView["waves"] {
  const serviceOfSubject = new Map(assessment.services.map((s) => [describeSubject(s.name, s.workload), s.name]));
  return [...assessment.waves]
    .sort((a, b) => a.wave - b.wave)
    .map((w) => ({
      ...w,
      hasServices: w.services.length > 0,
      links: linkWaveServices(w.services, serviceOfSubject),
      topBlockers: w.blockers.slice(0, TOP_WAVE_BLOCKERS),
      reasonLines: groupWaveReasons(w.services, w.reasons, serviceOfSubject),
    }));
}

/**
 * A wave's reasons, one line per service and reason: the workloads of a service that are in the
 * wave for the same reason share a line that counts them, so the list follows the services, not
 * the workloads. A reason given for one subject reads as the wave gives it. `reasons[i]` is
 * `subjects[i]`'s, prefixed with it.
 */
function groupWaveReasons(
  subjects: readonly string[],
  reasons: readonly string[],
  serviceOfSubject: ReadonlyMap<string, string>,
): string[] {
  const groups = new Map<string, { service: string; reason: string; first: string; count: number }>();
  for (const [i, line] of reasons.entries()) {
    const subject = subjects[i] ?? "";
    const service = serviceOfSubject.get(subject) ?? subject;
    const reason = line.startsWith(`${subject}: `) ? line.slice(subject.length + 2) : line;
    const key = `${service}\u0000${reason}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { service, reason, first: line, count: 1 });
  }
  return [...groups.values()].map(({ service, reason, first, count }) =>
    count === 1 ? first : `${service} (${count} workloads): ${reason}`,
  );
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
