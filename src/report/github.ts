import type { Assessment, Finding } from "../model/assessment.js";
import type { Severity } from "../model/common.js";

/** Critical and high failures are errors, medium and low warnings, info notices. */
const COMMAND: Record<Severity, "error" | "warning" | "notice"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "warning",
  info: "notice",
};

/**
 * Renders GitHub Actions workflow commands, one annotation per failing finding at the service's
 * first cited location. Unknown, waived, passing and not-applicable findings make no annotation:
 * they are in the Markdown summary, and annotations are capped per step.
 */
export function renderGithub(assessment: Assessment): string {
  const sources = new Map(assessment.services.map((s) => [s.name, s.sources]));
  const lines = assessment.findings
    .filter((f) => f.status === "fail" || f.status === "mitigated")
    .map((finding) => {
      const location = locationOf(finding, sources.get(finding.service) ?? []);
      const properties = [
        ...(location ? [`file=${escapeProperty(location.file)}`, `line=${location.line}`, `col=${location.column}`] : []),
        `title=${escapeProperty(`${finding.rule} (${finding.severity}) @ ${finding.placement}`)}`,
      ];
      return `::${COMMAND[finding.severity]} ${properties.join(",")}::${escapeData(`${finding.service}: ${finding.message}`)}`;
    });
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}

/** Escapes a workflow command's message, as @actions/core's `escapeData` does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
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
