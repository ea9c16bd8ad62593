import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";
import { MARKDOWN_LIMIT, markdownRenderer, renderMarkdown, renderMarkdownWithin } from "../src/report/render.js";
import { buildReportView } from "../src/report/view-model.js";

const TOOL = { name: "blendcheck", version: "test" };
const inputs = loadInputs({ paths: [], cwd: process.cwd() });

describe("the Markdown report's size fit", () => {
  for (const placements of [[], ["k8s-scheduled"], ["poci", "swarm"]]) {
    it(`keeps the most details that fit the comment limit, placements: ${placements.join(", ") || "all"}`, () => {
      const assessment = assess(inputs, { tool: TOOL, generatedAt: null, placements });
      const view = buildReportView(assessment);
      const md = renderMarkdown(assessment);
      const renderWith = markdownRenderer(view);
      expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
      const kept = md.split("<details>\n<summary>").length - 1;
      expect(kept).toBeGreaterThan(0);
      expect(md).toBe(renderWith(kept));
      if (kept < view.services.length) expect(renderWith(kept + 1).length).toBeGreaterThanOrEqual(MARKDOWN_LIMIT);
    });
  }

  it("places each kept service's details as a report with every detail would, in the services' order", () => {
    const assessment = assess(inputs, { tool: TOOL, generatedAt: null, placements: ["k8s-scheduled"] });
    const view = buildReportView(assessment);
    const renderWith = markdownRenderer(view);
    const all = renderWith(view.services.length);
    expect(all).not.toContain("Left out to fit");
    const blocks = view.services.map((service) => renderWith.details(service));
    expect(blocks.every((block) => block.startsWith("<details>\n<summary>") && block.endsWith("</details>\n"))).toBe(true);
    // Each block once, the blocks in order, with the report's target named in them.
    expect(all).toContain(`${blocks.join("\n")}\n## Upstream refactoring`);
    expect(blocks.some((block) => block.includes(`Fit under ${view.target}`) || block.includes(`Failing under ${view.target}`))).toBe(true);
  });

  it("keeps the most details under any limit, wherever the count of details known to fit falls short", () => {
    const assessment = assess(inputs, { tool: TOOL, generatedAt: null, placements: ["k8s-scheduled"] });
    const view = buildReportView(assessment);
    const renderWith = markdownRenderer(view);
    const sizes = view.services.map((_, kept) => renderWith(kept).length);
    sizes.push(renderWith(view.services.length).length);
    for (let kept = 1; kept < sizes.length; kept++) expect(sizes[kept]).toBeGreaterThan(sizes[kept - 1] as number);
    for (const size of sizes) {
      for (const limit of [size, size + 1]) {
        const most = sizes.findLastIndex((s) => s < limit);
        if (most < 0) continue;
        expect(renderMarkdownWithin(view, limit), `limit ${limit}`).toBe(renderWith(most));
      }
    }
  });
});
