import { createHash } from "node:crypto";
import Handlebars from "handlebars";
import { beforeAll, describe, expect, it } from "vitest";
import type { Assessment } from "../src/model/assessment.js";
import { renderHtml } from "../src/report/render.js";
import { assessSample, buildHostileAssessment, HOSTILE_IMG, HOSTILE_SCRIPT } from "./browser/hostile-assessment.js";

let plain: Assessment;
let hostile: Assessment;
beforeAll(() => {
  plain = assessSample();
  hostile = buildHostileAssessment();
});

const escapeHtml = (s: string) => Handlebars.escapeExpression(s);

describe("renderHtml", () => {
  it("escapes hostile input everywhere: no raw tag or attribute break-out survives", () => {
    const html = renderHtml(hostile);
    expect(html).not.toContain(HOSTILE_SCRIPT);
    expect(html).not.toContain("<img");
    expect(html).not.toContain(HOSTILE_IMG);
    expect(html).toContain(escapeHtml(HOSTILE_SCRIPT));
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("allows exactly its own inline script by hash and nothing from the network", () => {
    const html = renderHtml(plain);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(script.length).toBeGreaterThan(100);
    const hash = createHash("sha256").update(script, "utf8").digest("base64");
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).not.toContain("unsafe-inline'; script");
    expect(html).not.toMatch(/\ssrc=/);
    expect(html).not.toMatch(/<link\b/);
  });

  it("has the summary, charts, method, placement sources and an empty waivers register", () => {
    const html = renderHtml(plain);
    for (const heading of [
      "Summary",
      "Charts",
      "Services",
      "Service details",
      "Method",
      "Waivers register",
      "Rule catalog",
      "Placement assumptions",
    ]) {
      expect(html).toMatch(new RegExp(`<h[23][^>]*>${heading}</h[23]>`));
    }
    expect(html.match(/<svg [^>]*role="img"/g)?.length).toBe(3);
    // Each heatmap cell without a score is painted with the heatmap's own hatch, which the chart defines.
    const missing = html.match(/<rect [^>]*class="na"/g) ?? [];
    expect(missing.length).toBeGreaterThan(0);
    for (const cell of missing) expect(cell).toContain('fill="url(#chart-heatmap-hatch)"');
    expect(html).toContain('<pattern id="chart-heatmap-hatch"');
    expect(html).toContain("No waivers");
    expect(html).toContain("@media print");
    const source = plain.placements.flatMap((p) => (Array.isArray(p.spec.evidence) ? (p.spec.evidence as { source: string }[]) : []))[0]
      ?.source;
    expect(source).toBeDefined();
    expect(html).toContain(escapeHtml(source as string));
  });

  it("renders the waivers register with reason, owner and expiry", () => {
    const html = renderHtml(hostile);
    expect(html).not.toContain("No waivers");
    expect(html).toContain("team-identity");
    expect(html).toContain("2027-01-31");
    expect(html).toContain(escapeHtml(`accepted risk ${HOSTILE_IMG}`));
  });

  it("says which fit each count of the summary counts: the headline after mitigation plans, the table before any", () => {
    const html = renderHtml(plain);
    expect(html).toMatch(/are ready or ready with mitigations under [a-z0-9-]+ once their mitigation plans are applied\./);
    expect(html).toContain("<caption>Services by fit level under each placement, as they are, before any mitigation</caption>");
  });

  it("is deterministic", () => {
    expect(renderHtml(plain)).toBe(renderHtml(structuredClone(plain)));
  });
});
