import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";
import { MARKDOWN_LIMIT, renderMarkdown } from "../src/report/render.js";
import { loadReportTemplates } from "../src/report/report-templates.js";
import { buildReportView, limitDetails } from "../src/report/view-model.js";

const TOOL = { name: "blendcheck", version: "test" };
const inputs = loadInputs({ paths: [], cwd: process.cwd() });
const template = loadReportTemplates().markdown;

describe("the Markdown report's size fit", () => {
  for (const placements of [[], ["k8s-scheduled"], ["poci", "swarm"]]) {
    it(`keeps the most details that fit the comment limit, placements: ${placements.join(", ") || "all"}`, () => {
      const assessment = assess(inputs, { tool: TOOL, generatedAt: null, placements });
      const view = buildReportView(assessment);
      const md = renderMarkdown(assessment);
      expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
      const kept = md.split("<details>\n<summary>").length - 1;
      expect(md).toBe(template(kept === view.services.length ? view : limitDetails(view, kept)));
      if (kept < view.services.length) expect(template(limitDetails(view, kept + 1)).length).toBeGreaterThanOrEqual(MARKDOWN_LIMIT);
    });
  }
});
