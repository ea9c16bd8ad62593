import { escapeTerminal } from "../escape-terminal.js";
import { compareText } from "../load/problem.js";
import type { Assessment } from "../model/assessment.js";
import type { Waiver } from "../model/policy.js";
import { describeSubject } from "../model/subject-key.js";
import type { GateResult, Violation } from "./evaluate-gate.js";

type Unrecognized = Assessment["unrecognized"][number];

/** How many (service, placement) lines and rules the failure summary lists before cutting. */
const MAX_PAIRS = 12;
const MAX_RULES = 5;
/** How many waivers the expired and unused lists show before cutting. */
const MAX_WAIVERS = 20;
const MAX_UNRECOGNIZED = 10;

/** Formats the gate's verdict for stderr: one line when it passed, one screen of reasons when it failed. */
export function formatGateSummary(result: GateResult): string {
  const waived = result.assessment.findings.filter((f) => f.status === "waived").length;
  const extras = [`${waived} finding(s) waived`, ...(result.baselined > 0 ? [`${result.baselined} already in the baseline`] : [])];
  const unrecognized = formatUnrecognized(result.assessment.unrecognized);
  if (result.passed) {
    return `${joinEscaped([`blendcheck gate: passed: ${result.checked.length} (service, placement) pair(s) checked; ${extras.join("; ")}`])}${unrecognized}`;
  }
  const byPair = new Map<string, Violation[]>();
  for (const v of result.violations.filter((v) => v.kind !== "waiver-expired")) {
    const key = `${describeSubject(v.service, v.workload)} @ ${v.placement}`;
    byPair.set(key, [...(byPair.get(key) ?? []), v]);
  }
  const lines = [
    `blendcheck gate: FAILED: ${result.violations.length} violation(s) in ${countFailedPairs(result)} of ${result.checked.length} (service, placement) pair(s); ${extras.join("; ")}`,
  ];
  const pairs = [...byPair.entries()].sort(([a], [b]) => compareText(a, b));
  for (const [pair, violations] of pairs.slice(0, MAX_PAIRS)) {
    lines.push(`  ${pair}: ${violations.map(describeViolation).join("; ")}`);
  }
  if (pairs.length > MAX_PAIRS) lines.push(`  … and ${pairs.length - MAX_PAIRS} more pair(s)`);
  if (result.expiredWaivers.length > 0) {
    lines.push("expired waivers (renew or remove them):");
    for (const w of result.expiredWaivers.slice(0, MAX_WAIVERS)) lines.push(`  ${describeWaiver(w)}: expired ${w.expires}`);
    if (result.expiredWaivers.length > MAX_WAIVERS) lines.push(`  … and ${result.expiredWaivers.length - MAX_WAIVERS} more`);
  }
  const ruleCounts = new Map<string, number>();
  for (const v of result.violations) if (v.kind === "finding" && v.rule) ruleCounts.set(v.rule, (ruleCounts.get(v.rule) ?? 0) + 1);
  const top = [...ruleCounts.entries()].sort(([a, x], [b, y]) => y - x || compareText(a, b)).slice(0, MAX_RULES);
  if (top.length > 0) {
    lines.push("top failing rules:");
    for (const [rule, count] of top) lines.push(`  ${rule}: ${count}`);
  }
  return `${joinEscaped(lines)}${unrecognized}`;
}

/** The checked pairs with a violation of their own or one that holds for every workload of their service. */
function countFailedPairs(result: GateResult): number {
  return result.checked.filter((c) =>
    result.violations.some(
      (v) =>
        v.service === c.service &&
        v.placement === c.placement &&
        (!v.workload || (c.workload !== undefined && v.workload.file === c.workload.file && v.workload.line === c.workload.line)),
    ),
  ).length;
}

/** Lists the inputs no catalog service matched (those assessed as `generic` say so), with file, line and reason; cut after a screen. */
export function formatUnrecognized(list: readonly Unrecognized[]): string {
  if (list.length === 0) return "";
  const lines = [`unrecognized inputs (${list.length}):`];
  for (const u of list.slice(0, MAX_UNRECOGNIZED)) lines.push(`  ${u.file}:${u.line}: ${u.kind} ${u.name}: ${u.reason}`);
  if (list.length > MAX_UNRECOGNIZED)
    lines.push(`  … and ${list.length - MAX_UNRECOGNIZED} more (the JSON or Markdown report lists them all)`);
  return joinEscaped(lines);
}

/** Lists the waivers in force that matched no finding, one per line, for `--audit-waivers`. */
export function formatUnusedWaivers(waivers: readonly Waiver[]): string {
  if (waivers.length === 0) return "blendcheck gate: every waiver matched a finding\n";
  const lines = [`blendcheck gate: ${waivers.length} waiver(s) matched no finding (remove them):`];
  for (const w of waivers.slice(0, MAX_WAIVERS)) lines.push(`  ${describeWaiver(w)}`);
  if (waivers.length > MAX_WAIVERS) lines.push(`  … and ${waivers.length - MAX_WAIVERS} more`);
  return joinEscaped(lines);
}

function describeViolation(v: Violation): string {
  return v.kind === "finding" ? `${v.rule} (${v.severity}) fails` : v.message;
}

function describeWaiver(w: Waiver): string {
  return `${w.rule} for ${w.service}${w.placement ? ` @ ${w.placement}` : ""} (owner ${w.owner}, reason: ${w.reason})`;
}

/** Service names, rule ids and waiver reasons come from input: each line is escaped for the terminal. */
function joinEscaped(lines: readonly string[]): string {
  return `${lines.map((line) => escapeTerminal(line)).join("\n")}\n`;
}
