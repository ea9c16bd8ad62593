import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Assessment } from "../model/assessment.js";
import { builtinPaths } from "../package-root.js";
import type { Format } from "./formats.js";
import { renderGithub } from "./github.js";
import { renderJson } from "./json.js";
import { junitPieces, renderJunit } from "./junit.js";
import { loadReportTemplates } from "./report-templates.js";
import { renderSarif, sarifPieces } from "./sarif.js";
import type { ReportTemplates } from "./template-helpers.js";
import { renderText } from "./text.js";
import type { ServiceView } from "./view/report-view.js";
import { byInterest } from "./view/select-details.js";
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
  return renderMarkdownWithin(view, MARKDOWN_LIMIT);
}

/** The Markdown report of a view with as many services detailed as keep it under `limit` characters, else cut. */
export function renderMarkdownWithin(view: ReportView, limit: number): string {
  const renderWith = markdownRenderer(view);
  const bare = renderWith(0);
  if (bare.length >= limit) {
    const note = "\n\n> **Cut here:** this report is longer than a pull-request comment allows; the HTML report has everything.\n";
    const cut = bare.lastIndexOf("\n", limit - note.length);
    return bare.slice(0, cut < 0 ? limit - note.length : cut) + note;
  }
  // Each service's details, the most interesting first, add their text and take their name off the
  // list of those left out: counted onto the report without details, the first that would reach the
  // limit sets a count of details that surely fits. The report may hold a few more; the search for
  // the most that fit starts there, a step past it, then steps that double, then halves.
  let fits = 0;
  let length = bare.length;
  for (const service of byInterest(view.services)) {
    length += renderWith.details(service).length + 1;
    if (length >= limit) break;
    fits++;
  }
  let best = fits === 0 ? bare : renderWith(fits);
  let low = fits;
  let high = view.services.length + 1;
  let step = 1;
  let galloping = true;
  while (high - low > 1) {
    const probe = galloping ? Math.min(low + step, high - 1) : Math.floor((low + high) / 2);
    const output = renderWith(probe);
    if (output.length < limit) {
      best = output;
      low = probe;
      step *= 2;
    } else {
      high = probe;
      galloping = false;
    }
  }
  return best;
}

/**
 * Renders the Markdown report of a view with the given number of services detailed (the most
 * interesting, as `limitDetails` keeps them); each service's details are rendered once, when first
 * kept or asked for (`details`).
 */
export function markdownRenderer(view: ReportView): ((detailLimit: number) => string) & { details(service: ServiceView): string } {
  const { markdown, markdownDetails } = reportTemplates();
  const data = { target: view.target, baseline: view.baseline };
  const rendered = new Map<ServiceView, string>();
  const details = (service: ServiceView) => {
    let text = rendered.get(service);
    if (text === undefined) {
      text = markdownDetails(service, { data });
      rendered.set(service, text);
    }
    return text;
  };
  const renderWith = (detailLimit: number) => {
    const kept = limitDetails(view, detailLimit);
    return markdown({ ...kept, details: kept.details.map(details) });
  };
  return Object.assign(renderWith, { details });
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
