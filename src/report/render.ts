import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import type { Assessment } from "../model/assessment.js";
import { builtinPaths } from "../package-root.js";
import { escapeMarkdown } from "./escape.js";
import { buildReportView } from "./view-model.js";

/** The output formats and the file suffix each is written with. */
export const FORMATS = { html: ".html", md: ".md", json: ".json" } as const;
export type Format = keyof typeof FORMATS;

/** True when `name` is a known output format. */
export function isFormat(name: string): name is Format {
  return Object.hasOwn(FORMATS, name);
}

type Renderer = (assessment: Assessment) => string;

const compiled = new Map<string, HandlebarsTemplateDelegate>();

function template(instance: typeof Handlebars, name: string): HandlebarsTemplateDelegate {
  const key = `${name}`;
  let found = compiled.get(key);
  if (!found) {
    const source = readFileSync(join(builtinPaths().templates, name), "utf8");
    found = instance.compile(source, { strict: true });
    compiled.set(key, found);
  }
  return found;
}

/** HTML: the default escaping instance, so every value from input is escaped. */
const html = Handlebars.create();
html.registerHelper("eq", (a: unknown, b: unknown) => a === b);

/** Markdown: no automatic HTML escaping; every value goes through the explicit `md` helper. */
const markdown = Handlebars.create();
markdown.registerHelper("md", (value: unknown) => escapeMarkdown(value === undefined || value === null ? "" : String(value)));
markdown.registerHelper("eq", (a: unknown, b: unknown) => a === b);

/** Renders the assessment as pretty JSON with a trailing newline. */
export function renderJson(assessment: Assessment): string {
  return `${JSON.stringify(assessment, null, 2)}\n`;
}

/** Renders the self-contained HTML report. */
export function renderHtml(assessment: Assessment): string {
  return template(html, "report.html.hbs")(buildReportView(assessment));
}

/** Renders the GitHub-flavoured Markdown report. */
export function renderMarkdown(assessment: Assessment): string {
  return template(markdown, "report.md.hbs")(buildReportView(assessment));
}

const RENDERERS: Record<Format, Renderer> = { html: renderHtml, md: renderMarkdown, json: renderJson };

/** Renders one format. */
export function render(format: Format, assessment: Assessment): string {
  return RENDERERS[format](assessment);
}
