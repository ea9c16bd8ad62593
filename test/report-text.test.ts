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

describe("the count of unrecognized inputs", () => {
  // A skipped file, a workload no catalog service matches and a spare ConfigMap copy: inputs, not all workloads.
  const unrecognized: Assessment["unrecognized"] = [
    { file: "broken.yaml", line: 3, kind: "file", name: "broken.yaml", reason: "skipped: expected a mapping" },
    { file: "deploy/thing.yaml", line: 1, kind: "Deployment", name: "thing", reason: "no catalog service matches" },
    {
      file: "spare/nova.yaml",
      line: 2,
      kind: "ConfigMap",
      name: "nova-etc",
      reason: "another copy of ConfigMap openstack/nova-etc sits nearer every workload that mounts it",
    },
  ];

  it("counts them as inputs in the terminal summary and the text report", () => {
    const withThem = { ...plain, unrecognized };
    for (const text of [renderSummary(withThem, { color: false }), renderText(withThem)]) {
      expect(text).toContain(`${plain.problems.length} problem(s) in the inputs, 3 unrecognized input(s); see the HTML or JSON report.`);
      expect(text).not.toMatch(/unrecognized workload/);
    }
  });
});
