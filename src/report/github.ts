import type { Assessment, Finding } from "../model/assessment.js";
import { SEVERITIES, type Severity } from "../model/common.js";
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

/**
 * Renders GitHub Actions workflow commands, one annotation per failing (or mitigated) finding at the service's
 * first cited location, at most ANNOTATION_LIMIT of each kind with the most severe first; when some
 * are left out, one last notice says how many and where to read them. Unknown, waived, passing and
 * not-applicable findings make no annotation: they are in the Markdown summary.
 */
export function renderGithub(assessment: Assessment): string {
  const sources = new Map(assessment.services.map((s) => [s.name, s.sources]));
  const failing = assessment.findings
    .filter((f) => f.status === "fail" || f.status === "mitigated")
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const byKind = new Map<string, Finding[]>();
  for (const finding of failing) byKind.set(COMMAND[finding.severity], [...(byKind.get(COMMAND[finding.severity]) ?? []), finding]);
  const overflow = [...byKind.values()].some((list) => list.length > ANNOTATION_LIMIT);
  // The closing notice takes one notice slot.
  const limitOf = (kind: string) => (overflow && kind === "notice" ? ANNOTATION_LIMIT - 1 : ANNOTATION_LIMIT);
  const shown = failing.filter((finding) => {
    const kind = COMMAND[finding.severity];
    return (byKind.get(kind) ?? []).indexOf(finding) < limitOf(kind);
  });
  const lines = shown.map((finding) => {
    const location = locationOf(finding, sources.get(finding.service) ?? []);
    const properties = [
      ...(location ? [`file=${escapeProperty(location.file)}`, `line=${location.line}`, `col=${location.column}`] : []),
      `title=${escapeProperty(`${finding.rule} (${finding.severity}) @ ${finding.placement}`)}`,
    ];
    return `::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(`${finding.service}: ${finding.message}`)}`;
  });
  const left = failing.length - shown.length;
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

function locationOf(finding: Finding, sources: readonly string[]): Finding["locations"][number] | undefined {
  const own = finding.locations.find((l) => sources.includes(l.file));
  const location = own ?? finding.locations[0];
  if (location) return { ...location, line: Math.max(1, location.line), column: Math.max(1, location.column) };
  if (finding.workload) return { file: finding.workload.file, line: finding.workload.line, column: 1 };
  return sources[0] ? { file: sources[0], line: 1, column: 1 } : undefined;
}
