import type { AssessmentDiff, ResultChange } from "../model/assessment-diff.js";
import { escapeMarkdown } from "./escape.js";

/** Formats a diff for the terminal. */
export function formatDiffText(diff: AssessmentDiff): string {
  const lines: string[] = [`scores and fit that moved (${diff.changes.length}):`];
  for (const c of diff.changes) lines.push(`  ${c.service} @ ${c.placement}: ${describeChange(c)}${c.worse ? " [worse]" : ""}`);
  lines.push(`new failing findings (${diff.newFindings.length}):`);
  for (const f of diff.newFindings) lines.push(`  ${f.service} @ ${f.placement}: ${f.rule} (${f.severity})`);
  lines.push(`findings no longer failing (${diff.goneFindings.length}):`);
  for (const f of diff.goneFindings) lines.push(`  ${f.service} @ ${f.placement}: ${f.rule} (${f.severity})`);
  lines.push(diff.regressed ? "verdict: something got worse" : "verdict: nothing got worse");
  return `${lines.join("\n")}\n`;
}

/** Formats a diff as GitHub-flavoured Markdown, for a pull-request comment or job summary. */
export function formatDiffMarkdown(diff: AssessmentDiff): string {
  const out = ["## blendcheck diff", "", diff.regressed ? "**Something got worse.**" : "Nothing got worse.", ""];
  out.push(`### Scores and fit that moved (${diff.changes.length})`, "");
  if (diff.changes.length > 0) {
    out.push("| Service | Placement | Change | Worse |", "| --- | --- | --- | --- |");
    for (const c of diff.changes) {
      out.push(
        `| ${escapeMarkdown(c.service)} | ${escapeMarkdown(c.placement)} | ${escapeMarkdown(describeChange(c))} | ${c.worse ? "yes" : "no"} |`,
      );
    }
    out.push("");
  }
  for (const [title, list] of [
    ["New failing findings", diff.newFindings],
    ["Findings no longer failing", diff.goneFindings],
  ] as const) {
    out.push(`### ${title} (${list.length})`, "");
    for (const f of list) out.push(`- ${escapeMarkdown(`${f.service} @ ${f.placement}: ${f.rule} (${f.severity}): ${f.message}`)}`);
    if (list.length > 0) out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function describeChange(c: ResultChange): string {
  const parts = c.scores.map((s) => `${s.key} ${show(s.before)} → ${show(s.after)}`);
  if (c.fit) parts.push(`fit ${c.fit.before ?? "absent"} → ${c.fit.after ?? "absent"}`);
  return parts.join(", ");
}

function show(score: number | null): string {
  return score === null ? "n/a" : String(score);
}
