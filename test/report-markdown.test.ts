import { beforeAll, describe, expect, it } from "vitest";
import type { Assessment } from "../src/model/assessment.js";
import { MARKDOWN_LIMIT, renderMarkdown } from "../src/report/render.js";
import { assessSample, buildHostileAssessment, HOSTILE_SCRIPT } from "./browser/hostile-assessment.js";

let plain: Assessment;
beforeAll(() => {
  plain = assessSample();
});

/** Multiplies the services of an assessment under new names, to make a report too long for a comment. */
function inflate(assessment: Assessment, copies: number): Assessment {
  const services = [];
  const findings = [];
  for (let i = 0; i < copies; i++) {
    const rename = (name: string) => `${name}-${String(i).padStart(3, "0")}`;
    services.push(...assessment.services.map((s) => ({ ...s, name: rename(s.name) })));
    findings.push(...assessment.findings.map((f) => ({ ...f, service: rename(f.service) })));
  }
  return { ...assessment, services, findings };
}

describe("renderMarkdown", () => {
  it("puts the summary table first and one <details> per service", () => {
    const md = renderMarkdown(plain);
    expect(md.indexOf("| Placement |")).toBeLessThan(md.indexOf("<details>"));
    expect(md.match(/<details>/g)).toHaveLength(plain.services.length);
    expect(md).not.toContain("Left out");
    expect(md).toContain("No waivers.");
  });

  it("says which fit each count of the summary counts: the headline after mitigation plans, the table before any", () => {
    const md = renderMarkdown(plain);
    expect(md).toMatch(/are ready or ready with mitigations under [a-z0-9-]+ once their mitigation plans are applied\.\*\*/);
    expect(md).toContain(
      "## Fit levels\n\nServices by fit level under each placement, as they are, before any mitigation.\n\n| Placement |",
    );
  });

  it("escapes hostile input: no raw HTML reaches GitHub", () => {
    const md = renderMarkdown(buildHostileAssessment());
    expect(md).not.toContain(HOSTILE_SCRIPT);
    expect(md).not.toContain("<img");
    expect(md).toContain("&lt;script&gt;");
  });

  it("stays under the comment limit by leaving out details and says which", () => {
    const big = inflate(plain, 40);
    const md = renderMarkdown(big);
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(md).toContain("Left out to fit a pull-request comment");
    const kept = md.match(/<details>/g)?.length ?? 0;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(big.services.length);
    const note = md.slice(md.indexOf("Left out"));
    expect(note).toContain(`details of ${big.services.length - kept} service(s)`);
  });

  it("cuts with a note when even the summary is too long", () => {
    const md = renderMarkdown(inflate(plain, 150));
    expect(md.length).toBeLessThan(MARKDOWN_LIMIT);
    expect(md).toContain("**Cut here:**");
  });
});
