import type { Assessment, Finding, Workload } from "../model/assessment.js";
import type { Severity } from "../model/common.js";
import { SEVERITIES } from "../model/constants.js";
import { cleanText } from "./clean-text.js";

/** Critical and high failures are errors, medium and low warnings, info notices. */
const COMMAND: Record<Severity, "error" | "warning" | "notice"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "warning",
  info: "notice",
};

/**
 * GitHub shows at most 10 annotations of each kind (error, warning, notice) per step and drops the
 * rest silently (actions/toolkit:docs/problem-matchers.md@457303960f03375db6f033e214b9f90d79c3fe5c).
 */
export const ANNOTATION_LIMIT = 10;

type Location = Finding["locations"][number];

/** One annotation to write: a finding at one place in the user's files (or none). */
interface Annotation {
  finding: Finding;
  location: Location | undefined;
}

/**
 * Renders GitHub Actions workflow commands, one annotation per failing (or mitigated) finding at
 * the place it cites, else at the workload it concerns; a finding from catalog knowledge that holds
 * for every workload of its service is annotated at each of those workloads. At most
 * ANNOTATION_LIMIT of each kind are written, the most severe first; when some are left out, one last
 * notice says how many and where to read them. Unknown, waived, passing and not-applicable findings
 * make no annotation: they are in the Markdown summary.
 */
export function renderGithub(assessment: Assessment): string {
  const sources = new Map<string, readonly string[]>();
  const workloads = new Map<string, Workload[]>();
  for (const s of assessment.services) {
    sources.set(s.name, s.sources);
    if (!s.workload) continue;
    const list = workloads.get(s.name);
    if (list) list.push(s.workload);
    else workloads.set(s.name, [s.workload]);
  }
  // Bucketed by severity, most severe first, each in the order of the findings: linear in their number.
  const bySeverity = new Map<Severity, Annotation[]>(SEVERITIES.map((severity) => [severity, []]));
  for (const finding of assessment.findings) {
    if (finding.status !== "fail" && finding.status !== "mitigated") continue;
    const bucket = bySeverity.get(finding.severity) as Annotation[];
    for (const location of locationsOf(finding, sources.get(finding.service) ?? [], workloads.get(finding.service) ?? []))
      bucket.push({ finding, location });
  }
  const annotations = [...bySeverity.values()].flat();
  const totals = new Map<string, number>();
  for (const { finding } of annotations) totals.set(COMMAND[finding.severity], (totals.get(COMMAND[finding.severity]) ?? 0) + 1);
  const overflow = [...totals.values()].some((count) => count > ANNOTATION_LIMIT);
  // The closing notice takes one notice slot.
  const limitOf = (kind: string) => (overflow && kind === "notice" ? ANNOTATION_LIMIT - 1 : ANNOTATION_LIMIT);
  const written = new Map<string, number>();
  const lines: string[] = [];
  for (const { finding, location } of annotations) {
    const kind = COMMAND[finding.severity];
    const count = written.get(kind) ?? 0;
    if (count >= limitOf(kind)) continue;
    written.set(kind, count + 1);
    const properties = [
      ...(location ? [`file=${escapeProperty(location.file)}`, `line=${location.line}`, `col=${location.column}`] : []),
      `title=${escapeProperty(`${finding.rule} (${finding.severity}) @ ${finding.placement}`)}`,
    ];
    lines.push(`::${kind} ${properties.join(",")}::${escapeData(`${finding.service}: ${finding.message}`)}`);
  }
  const left = annotations.length - lines.length;
  if (left > 0) {
    lines.push(
      `::notice title=${escapeProperty("blendcheck: more findings")}::${escapeData(
        `${left} more failing finding(s) are not annotated: GitHub shows ${ANNOTATION_LIMIT} annotations of each kind per step. The Markdown report and the SARIF file (code scanning) list every one.`,
      )}`,
    );
  }
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/**
 * Escapes a workflow command's message, as @actions/core's `escapeData` does, after dropping
 * control bytes and bidirectional marks and neutralising `@mentions`.
 */
export function escapeData(text: string): string {
  return cleanText(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value, as @actions/core's `escapeProperty` does. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Where to annotate a finding: the place in the service's own files it cites (else the first it
 * cites); without one, the workload it concerns, or each workload of its service when it holds for
 * all of them; a catalog service without workloads falls back to its first source.
 */
function locationsOf(finding: Finding, sources: readonly string[], workloads: readonly Workload[]): (Location | undefined)[] {
  const cited = finding.locations.find((l) => sources.includes(l.file)) ?? finding.locations[0];
  if (cited) return [{ ...cited, line: Math.max(1, cited.line), column: Math.max(1, cited.column) }];
  const concerned = finding.workload ? [finding.workload] : workloads;
  if (concerned.length > 0) return concerned.map((w) => ({ file: w.file, line: Math.max(1, w.line), column: 1 }));
  return [sources[0] ? { file: sources[0], line: 1, column: 1 } : undefined];
}
