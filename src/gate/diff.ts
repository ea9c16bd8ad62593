import { compareText } from "../load/problem.js";
import type { Assessment, Finding, FitLevel, PlacementResult, Scores } from "../model/assessment.js";
import type { Severity } from "../model/common.js";
import { escapeMarkdown } from "../report/escape.js";
import { isWorseFit } from "./evaluate-gate.js";
import { findingKey } from "./fingerprint.js";

const SCORE_KEYS = ["overall", "twelve-factor", "ip-movement", "termination"] as const satisfies readonly (keyof Scores)[];

/** A score or fit that moved for one (service, placement); `null` on a side where the pair or score is absent. */
export interface ResultChange {
  service: string;
  placement: string;
  scores: { key: keyof Scores; before: number | null; after: number | null }[];
  fit: { before: FitLevel | null; after: FitLevel | null } | null;
  worse: boolean;
}

/** A failing finding that appeared or went away. */
export interface FindingChange {
  service: string;
  placement: string;
  rule: string;
  severity: Severity;
  message: string;
}

/** What moved between two assessments. */
export interface AssessmentDiff {
  changes: ResultChange[];
  newFindings: FindingChange[];
  goneFindings: FindingChange[];
  /** True when any score went down, any fit got worse, or any failing finding is new. */
  regressed: boolean;
}

/** Compares two assessments by (service, placement) and by finding identity (service, rule, placement). Pure. */
export function diffAssessments(before: Assessment, after: Assessment): AssessmentDiff {
  const oldResults = resultsByPair(before);
  const newResults = resultsByPair(after);
  const pairs = [...new Set([...oldResults.keys(), ...newResults.keys()])].sort(compareText);
  const changes: ResultChange[] = [];
  for (const pair of pairs) {
    const [service = "", placement = ""] = pair.split("\u0000");
    const was = oldResults.get(pair);
    const is = newResults.get(pair);
    const scores = SCORE_KEYS.map((key) => ({ key, before: was?.scores[key] ?? null, after: is?.scores[key] ?? null })).filter(
      (s) => s.before !== s.after,
    );
    const fitBefore = was?.fit ?? null;
    const fitAfter = is?.fit ?? null;
    const fit = fitBefore === fitAfter ? null : { before: fitBefore, after: fitAfter };
    if (scores.length === 0 && !fit) continue;
    const worse =
      scores.some((s) => s.before !== null && s.after !== null && s.after < s.before) ||
      (fitBefore !== null && fitAfter !== null && isWorseFit(fitAfter, fitBefore));
    changes.push({ service, placement, scores, fit, worse });
  }
  const oldFailing = failingByKey(before);
  const newFailing = failingByKey(after);
  const newFindings = [...newFailing.entries()].filter(([key]) => !oldFailing.has(key)).map(([, f]) => toChange(f));
  const goneFindings = [...oldFailing.entries()].filter(([key]) => !newFailing.has(key)).map(([, f]) => toChange(f));
  return { changes, newFindings, goneFindings, regressed: newFindings.length > 0 || changes.some((c) => c.worse) };
}

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

function resultsByPair(assessment: Assessment): Map<string, PlacementResult> {
  return new Map(assessment.services.flatMap((s) => s.results.map((r) => [`${s.name}\u0000${r.placement}`, r] as const)));
}

function failingByKey(assessment: Assessment): Map<string, Finding> {
  const sorted = assessment.findings
    .filter((f) => f.status === "fail")
    .sort((a, b) => compareText(a.service, b.service) || compareText(a.placement, b.placement) || compareText(a.rule, b.rule));
  return new Map(sorted.map((f) => [findingKey(f), f]));
}

function toChange(f: Finding): FindingChange {
  return { service: f.service, placement: f.placement, rule: f.rule, severity: f.severity, message: f.message };
}
