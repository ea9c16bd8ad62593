import type Handlebars from "handlebars";
import { escapeMarkdown } from "./escape.js";

type Helper = (...args: never[]) => unknown;

const eq = (a: unknown, b: unknown) => a === b;
const md = (value: unknown) => escapeMarkdown(value === undefined || value === null ? "" : String(value));

/** The Markdown templates' helpers: the report's and a service's details escape through `md`. */
const MARKDOWN_HELPERS: Record<string, Helper> = { eq, md };

/** The helpers each report template calls, beside Handlebars' own (`if`, `each`, `unless`). */
const REPORT_HELPERS: Record<"html" | "markdown" | "markdownDetails", Record<string, Helper>> = {
  html: { eq },
  markdown: MARKDOWN_HELPERS,
  markdownDetails: MARKDOWN_HELPERS,
};

/**
 * How a template is compiled: lookups of a missing field throw (strict), and only the helpers it is
 * given are helpers (knownHelpersOnly), so `{{name}}` compiles to reading `name` rather than to a
 * helper lookup first; that keeps the compiled templates about a fifth smaller.
 */
function compileOptions(kind: keyof typeof REPORT_HELPERS, noEscape: boolean) {
  const knownHelpers = Object.fromEntries(Object.keys(REPORT_HELPERS[kind]).map((name) => [name, true]));
  return { strict: true, noEscape, knownHelpers, knownHelpersOnly: true } as const;
}

/**
 * The report templates: their files, and how each is compiled (Markdown escapes through its `md`
 * helper only). A service's details in the Markdown report are a template of their own, rendered
 * one service at a time: the report keeps only as many as fit a pull-request comment, and each is
 * rendered only if it may be kept.
 */
export const REPORT_TEMPLATES = {
  html: { file: "report.html.hbs", options: compileOptions("html", false) },
  markdown: { file: "report.md.hbs", options: compileOptions("markdown", true) },
  markdownDetails: { file: "report.md.details.hbs", options: compileOptions("markdownDetails", true) },
} as const;

/** The compiled report templates. */
export interface ReportTemplates {
  html: HandlebarsTemplateDelegate;
  /** The Markdown report, its `details` each service's details as `markdownDetails` rendered them. */
  markdown: HandlebarsTemplateDelegate;
  /** One service's details in the Markdown report, given the report's `target` and `baseline` as data (`@target`). */
  markdownDetails: HandlebarsTemplateDelegate;
}

/** Registers the helpers a report template uses on a Handlebars instance (full or runtime-only). */
export function registerReportHelpers(instance: Pick<typeof Handlebars, "registerHelper">, kind: keyof typeof REPORT_TEMPLATES): void {
  for (const [name, helper] of Object.entries(REPORT_HELPERS[kind])) instance.registerHelper(name, helper as Handlebars.HelperDelegate);
}
