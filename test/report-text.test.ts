import { beforeAll, describe, expect, it } from "vitest";
import type { Assessment } from "../src/model/assessment.js";
import { render } from "../src/report/render.js";
import { renderSummary, renderText, renderTextWith, stripControl } from "../src/report/text.js";
import { reportViewOf } from "../src/report/view-model.js";
import { assessSample } from "./browser/hostile-assessment.js";

let plain: Assessment;
beforeAll(() => {
  plain = assessSample();
});

describe("renderText", () => {
  it("lists fit counts per placement and every service with its recommendation, without colour", () => {
    const text = renderText(plain);
    expect(text).not.toContain("\u001b[");
    for (const placement of plain.placements) expect(text).toMatch(new RegExp(`^${placement.name}\\s+\\d`, "m"));
    for (const service of plain.services)
      expect(text).toMatch(new RegExp(`^${service.name}\\s+${service.recommendation.placement}\\s`, "m"));
    expect(render("text", plain)).toBe(text);
  });

  it("adds ANSI colour only when asked", () => {
    expect(renderTextWith(plain, { color: true })).toContain("\u001b[");
    expect(renderTextWith(plain, { color: false })).toBe(renderText(plain));
  });

  it("strips control characters from input so names cannot drive the terminal", () => {
    expect(stripControl("a\u001b[2Jb\u0007")).toBe("a [2Jb ");
    const service = plain.services[0];
    if (!service) throw new Error("expected a service");
    const hostile = { ...plain, services: [{ ...service, name: "evil\u001b]0;pwned\u0007" }] };
    expect(renderText(hostile)).not.toContain("\u001b");
  });
});

describe("renderSummary", () => {
  it("says the same whether an output built the whole report view first or the summary built its part alone", () => {
    const alone = assessSample();
    const afterView = assessSample();
    reportViewOf(afterView);
    for (const color of [false, true]) expect(renderSummary(alone, { color })).toBe(renderSummary(afterView, { color }));
    expect(renderSummary(alone, { color: false })).toMatch(/^Services by fit as they are/m);
  });
});
