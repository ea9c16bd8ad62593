import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Assessment } from "../model/assessment.js";
import { builtinPaths } from "../package-root.js";
import { escapeMarkdown } from "./escape.js";
import type { Format } from "./formats.js";
import { renderGithub } from "./github.js";
import { renderJson } from "./json.js";
import { junitPieces, renderJunit } from "./junit.js";
import { loadReportTemplates } from "./report-templates.js";
import { renderSarif, sarifPieces } from "./sarif.js";
import type { ReportTemplates } from "./template-helpers.js";
import { renderText } from "./text.js";
import { limitDetails, type ReportView, reportViewOf } from "./view-model.js";

// The format table has a module of its own so the CLI can list formats without loading a renderer.
export { FORMATS, type Format, isFormat } from "./formats.js";

type Renderer = (assessment: Assessment) => string;

let templates: ReportTemplates | undefined;

/** The report templates, loaded once: precompiled in the bundle, compiled from their files from source. */
function reportTemplates(): ReportTemplates {
  templates ??= loadReportTemplates();
  return templates;
}

/** Renders the self-contained HTML report. */
export function renderHtml(assessment: Assessment): string {
  return renderHtmlView(reportViewOf(assessment));
}

function renderHtmlView(view: ReportView): string {
  // The CSP allows exactly this inline script by its hash, so no other script can run.
  const script = readFileSync(join(builtinPaths().templates, "report.js"), "utf8");
  const scriptHash = `sha256-${createHash("sha256").update(script, "utf8").digest("base64")}`;
  return reportTemplates().html({ ...view, script, scriptHash });
}

/** The size a Markdown report must stay under to fit a GitHub pull-request comment (65,536 characters). */
export const MARKDOWN_LIMIT = 65_000;

/**
 * Renders the GitHub-flavoured Markdown report; when it would not fit a pull-request comment, the
 * details of the least interesting services are left out (the report names them).
 */
export function renderMarkdown(assessment: Assessment): string {
  return renderMarkdownView(reportViewOf(assessment));
}

function renderMarkdownView(view: ReportView): string {
  const renderWith = (detailLimit?: number) =>
    reportTemplates().markdown(detailLimit === undefined ? view : limitDetails(view, detailLimit));
  const full = renderWith();
  if (full.length < MARKDOWN_LIMIT) return full;
  let best = renderWith(0);
  if (best.length >= MARKDOWN_LIMIT) {
    const note = "\n\n> **Cut here:** this report is longer than a pull-request comment allows; the HTML report has everything.\n";
    const cut = best.lastIndexOf("\n", MARKDOWN_LIMIT - note.length);
    return best.slice(0, cut < 0 ? MARKDOWN_LIMIT - note.length : cut) + note;
  }
  // The most details that fit, searched between what is known to fit and what is known not to; the
  // first guess, from the size each service's details take in the full report, usually settles it.
  let low = 1;
  let high = view.services.length - 1;
  const guess = guessDetailLimit(view, full, best.length);
  if (guess !== undefined && guess >= low && guess <= high) {
    const output = renderWith(guess);
    if (output.length < MARKDOWN_LIMIT) {
      best = output;
      low = guess + 1;
      const next = guess + 1 <= high ? renderWith(guess + 1) : undefined;
      if (next === undefined || next.length >= MARKDOWN_LIMIT) return best;
      best = next;
      low = guess + 2;
    } else {
      high = guess - 1;
    }
  }
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const output = renderWith(middle);
    if (output.length < MARKDOWN_LIMIT) {
      best = output;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

const DETAILS_START = "<details>\n<summary>";
const DETAILS_END = "</details>\n\n";

/**
 * How many services' details should fit, estimated from the full report: each detailed service adds
 * its details block and leaves the list of omitted names. Undefined when the blocks cannot be told apart.
 */
function guessDetailLimit(view: ReportView, full: string, withoutDetails: number): number | undefined {
  const starts: number[] = [];
  for (let at = full.indexOf(DETAILS_START); at >= 0; at = full.indexOf(DETAILS_START, at + 1)) starts.push(at);
  const lastEnd = full.indexOf(DETAILS_END, starts.at(-1) ?? 0);
  if (starts.length !== view.services.length || lastEnd < 0) return undefined;
  starts.push(lastEnd + DETAILS_END.length);
  const sizes = new Map(
    view.services.map((s, i) => [s.name, (starts[i + 1] as number) - (starts[i] as number) - escapeMarkdown(s.name).length - 2]),
  );
  const byInterest = [...view.services].sort((a, b) => b.interest - a.interest || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let length = withoutDetails;
  let fit = 0;
  for (const service of byInterest) {
    length += sizes.get(service.name) ?? 0;
    if (length >= MARKDOWN_LIMIT) break;
    fit++;
  }
  return fit;
}

const RENDERERS: Record<Format, Renderer> = {
  html: renderHtml,
  md: renderMarkdown,
  json: renderJson,
  sarif: renderSarif,
  junit: renderJunit,
  github: renderGithub,
  text: renderText,
};

/** Renders one format. */
export function render(format: Format, assessment: Assessment): string {
  return RENDERERS[format](assessment);
}

/** The formats made piece by piece: a report of a large estate is written as it is made, never held whole. */
const PIECES: Partial<Record<Format, (assessment: Assessment) => Iterable<string>>> = {
  sarif: sarifPieces,
  junit: junitPieces,
};

/**
 * A renderer for several formats of one assessment: the HTML, Markdown and text outputs share one
 * report view, built the first time any of them needs it; SARIF and JUnit come in pieces, joined
 * the same text as `render`'s. The assessment must not change in between.
 */
export function renderEach(assessment: Assessment): (format: Format) => string | Iterable<string> {
  return (format) => PIECES[format]?.(assessment) ?? render(format, assessment);
}
