import type Handlebars from "handlebars";
import { escapeMarkdown } from "./escape.js";

/** The report templates: their files, and how each is compiled (Markdown escapes through its `md` helper only). */
export const REPORT_TEMPLATES = {
  html: { file: "report.html.hbs", options: { strict: true, noEscape: false } },
  markdown: { file: "report.md.hbs", options: { strict: true, noEscape: true } },
} as const;

/** The two compiled report templates. */
export interface ReportTemplates {
  html: HandlebarsTemplateDelegate;
  markdown: HandlebarsTemplateDelegate;
}

/** Registers the helpers a report template uses on a Handlebars instance (full or runtime-only). */
export function registerReportHelpers(instance: Pick<typeof Handlebars, "registerHelper">, kind: keyof typeof REPORT_TEMPLATES): void {
  instance.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  if (kind === "markdown") {
    instance.registerHelper("md", (value: unknown) => escapeMarkdown(value === undefined || value === null ? "" : String(value)));
  }
}
