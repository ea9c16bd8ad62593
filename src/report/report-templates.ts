// Run from source, the templates are compiled here from their files. The bundle never runs this
// module: scripts/build.mjs puts in its place one that holds the templates precompiled and loads
// only the Handlebars runtime.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { builtinPaths } from "../package-root.js";
import { REPORT_TEMPLATES, type ReportTemplates, registerReportHelpers } from "./template-helpers.js";

/** Compiles the report templates from their files. */
export function loadReportTemplates(): ReportTemplates {
  const compile = (kind: keyof typeof REPORT_TEMPLATES) => {
    const instance = Handlebars.create();
    registerReportHelpers(instance, kind);
    const { file, options } = REPORT_TEMPLATES[kind];
    return instance.compile(readFileSync(join(builtinPaths().templates, file), "utf8"), options);
  };
  return { html: compile("html"), markdown: compile("markdown"), markdownDetails: compile("markdownDetails") };
}
