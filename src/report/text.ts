import { appendAll } from "../append-all.js";
import type { Assessment, FitLevel } from "../model/assessment.js";
import { type PlacementColumnsView, type ReportView, reportViewOf, type SummaryView, summaryViewOf } from "./view-model.js";

/** Options of the terminal summary: ANSI colour only when the caller says the terminal wants it. */
export interface TextOptions {
  color: boolean;
}

const FIT_COLORS: Record<FitLevel, string> = {
  ready: "32",
  "ready-with-mitigations": "36",
  "needs-work": "33",
  "not-fit": "31",
  unknown: "90",
};

/** Short column heads of the fit levels, so the table fits an 80-column terminal. */
const FIT_HEADS: Record<FitLevel, string> = {
  ready: "ready",
  "ready-with-mitigations": "mitig.",
  "needs-work": "work",
  "not-fit": "not-fit",
  unknown: "unknown",
};

/** Removes control characters from input text, so a hostile name cannot drive the terminal. */
export function stripControl(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

/** Renders the short summary a terminal shows after `assess` and `gate`: fit counts per placement and the top blockers. */
export function renderSummary(assessment: Assessment, options: TextOptions): string {
  const lines = summaryLines(summaryViewOf(assessment), options);
  lines.push("");
  lines.push(`${assessment.services.length} service(s) assessed; \`--format text\` lists each with its recommendation.`);
  if (assessment.problems.length > 0 || assessment.unrecognized.length > 0) {
    lines.push(inputsLine(assessment.problems.length, assessment.unrecognized.length));
  }
  return `${lines.join("\n")}\n`;
}

/** How many inputs had problems or were not recognized: files, workloads and ConfigMap copies alike. */
function inputsLine(problems: number, unrecognized: number): string {
  return `${problems} problem(s) in the inputs, ${unrecognized} unrecognized input(s); see the HTML or JSON report.`;
}

function summaryLines(view: SummaryView, options: TextOptions): string[] {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const bold = (text: string) => paint("1", text);
  const lines: string[] = [];
  lines.push(
    bold(`blendcheck ${stripControl(view.toolVersion)}`) +
      `: ${view.counts.services} services, ${view.counts.placements} placements, ${view.counts.rules} rules`,
  );
  lines.push(`${view.readiness.text}.`);
  lines.push("");
  const placementWidth = Math.max(9, ...view.fitTable.map((row) => row.placement.length));
  lines.push("Services by fit as they are, before any mitigation:");
  const heads = view.fitLevels.map((level) => FIT_HEADS[level.fit].padStart(8));
  lines.push(bold(`${"placement".padEnd(placementWidth)} ${heads.join("")}`));
  for (const row of view.fitTable) {
    const cells = row.cells.map((cell) => {
      const text = String(cell.count).padStart(8);
      return cell.count > 0 ? paint(FIT_COLORS[cell.fit], text) : text;
    });
    lines.push(`${stripControl(row.placement).padEnd(placementWidth)} ${cells.join("")}`);
  }
  if (view.blockers.length > 0) {
    lines.push("");
    lines.push(bold(`Top blockers under ${stripControl(view.target)}`));
    for (const blocker of view.blockers) {
      lines.push(`  ${String(blocker.count).padStart(3)}  ${stripControl(blocker.rule)} (${blocker.severity})`);
    }
  }
  return lines;
}

/** Renders the compact terminal summary: fit counts per placement and every service's recommendation. */
export function renderTextWith(assessment: Assessment, options: TextOptions): string {
  const view = reportViewOf(assessment);
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const bold = (text: string) => paint("1", text);
  const lines = summaryLines(view, options);
  lines.push("");
  // A service with several workloads reads once, with the fits of its workload with the most severe failures.
  const nameOf = (s: ReportView["services"][number]) =>
    stripControl(s.workloadCount > 1 ? `${s.name} (${s.workloadCount} workloads, worst shown)` : s.subjectName);
  const nameWidth = Math.max(7, ...view.services.map((s) => nameOf(s).length));
  const placeWidth = Math.max(11, ...view.services.map((s) => stripControl(s.recommended.placement).length));
  const fitText = (c: PlacementColumnsView) =>
    (c.lifted ? `${c.fitLabel} (with plan: ${c.fitWithMitigationsTitle})` : c.fitLabel).toLowerCase();
  const fitWidth = Math.max(9, ...view.services.map((s) => fitText(s.recommended).length));
  const targetHead = `under ${stripControl(view.target)}`;
  const targetWidth = Math.max(targetHead.length, ...view.services.map((s) => fitText(s.target).length));
  lines.push(
    bold(
      `${"service".padEnd(nameWidth)}  ${"recommended".padEnd(placeWidth)}  ${"fit there".padEnd(fitWidth)}  ${"score".padStart(5)}  ${targetHead.padEnd(targetWidth)}  ${"score".padStart(5)}  wave`,
    ),
  );
  for (const s of view.services) {
    const recommended = paint(FIT_COLORS[s.recommended.fit], fitText(s.recommended).padEnd(fitWidth));
    const target = paint(FIT_COLORS[s.target.fit], fitText(s.target).padEnd(targetWidth));
    lines.push(
      `${nameOf(s).padEnd(nameWidth)}  ${stripControl(s.recommended.placement).padEnd(placeWidth)}  ${recommended}  ${s.recommended.overall.padStart(5)}  ${target}  ${s.target.overall.padStart(5)}  ${s.wave}`,
    );
  }
  if (view.counts.problems > 0 || view.counts.unrecognized > 0) {
    lines.push("");
    lines.push(inputsLine(view.counts.problems, view.counts.unrecognized));
    appendAll(lines, listUnrecognized(assessment.unrecognized));
  }
  return `${lines.join("\n")}\n`;
}

/** How many unrecognized inputs the terminal summary lists before pointing at the reports. */
const MAX_UNRECOGNIZED = 10;

/** One line per unrecognized input (file, line, what it is, why), cut after a screenful. */
function listUnrecognized(list: Assessment["unrecognized"]): string[] {
  const lines = list.slice(0, MAX_UNRECOGNIZED).map((u) => stripControl(`  ${u.file}:${u.line}: ${u.kind} ${u.name}: ${u.reason}`));
  if (list.length > MAX_UNRECOGNIZED) lines.push(`  … and ${list.length - MAX_UNRECOGNIZED} more`);
  return lines;
}

/** Renders the terminal summary without colour, as the format map needs it. */
export function renderText(assessment: Assessment): string {
  return renderTextWith(assessment, { color: false });
}
