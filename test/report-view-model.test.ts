import { beforeAll, describe, expect, it } from "vitest";
import type { Assessment } from "../src/model/assessment.js";
import { computeFitBars, computeHeatmap, computeScoreBars, NO_SCORE_FILL, pickScoreBand } from "../src/report/charts.js";
import { anchorOf, buildReportView, DIMENSIONS, flattenFacts, splitCode } from "../src/report/view-model.js";
import { assessSample } from "./browser/hostile-assessment.js";

let assessment: Assessment;
beforeAll(() => {
  assessment = assessSample();
});

describe("buildReportView", () => {
  it("sorts services by name and counts fit levels per placement from the results", () => {
    const view = buildReportView(assessment);
    const names = view.services.map((s) => s.name);
    expect(names).toEqual([...names].sort());
    for (const row of view.fitTable) {
      const total = row.cells.reduce((sum, c) => sum + c.count, 0);
      expect(total).toBe(assessment.services.length);
      for (const cell of row.cells) {
        const expected = assessment.services.filter((s) =>
          s.results.some((r) => r.placement === row.placement && r.fit === cell.fit),
        ).length;
        expect(cell.count).toBe(expected);
      }
    }
  });

  it("states readiness under the target as the share of services whose fit with mitigations is ready or ready-with-mitigations", () => {
    const view = buildReportView(assessment);
    const ready = assessment.services.filter((s) =>
      s.results.some(
        (r) =>
          r.placement === assessment.scoring.target &&
          (r.fitWithMitigations === "ready" || r.fitWithMitigations === "ready-with-mitigations"),
      ),
    ).length;
    expect(view.readiness.ready).toBe(ready);
    expect(view.readiness.text).toContain(`${ready} of ${assessment.services.length} services`);
    // The fit table below it counts fit as it is: the sentence says that it counts fit after the plan.
    expect(view.readiness.text).toMatch(/once their mitigation plans are applied$/);
  });

  it("ranks top blockers by the number of services failing them under the target", () => {
    const view = buildReportView(assessment);
    expect(view.blockers.length).toBeGreaterThan(0);
    for (const blocker of view.blockers) {
      const services = new Set(
        assessment.findings
          .filter((f) => f.rule === blocker.rule && f.status === "fail" && f.placement === assessment.scoring.target)
          .map((f) => f.service),
      );
      expect(blocker.count).toBe(services.size);
    }
    const counts = view.blockers.map((b) => b.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it("joins findings with their rule's rationale, remediation and references", () => {
    const view = buildReportView(assessment);
    const finding = view.services.flatMap((s) => s.fails)[0];
    expect(finding).toBeDefined();
    const rule = assessment.rules.find((r) => r.id === finding?.rule);
    expect(finding?.rationale.map((p) => (p.code ? `\`${p.text}\`` : p.text)).join("")).toBe(rule?.rationale);
    expect(finding?.remediation.map((p) => (p.code ? `\`${p.text}\`` : p.text)).join("")).toBe(rule?.remediation);
    expect(finding?.references.map((r) => r.text)).toEqual(rule?.references.map((r) => r.title));
  });

  it("registers waived findings and keeps the register empty when there are none", () => {
    expect(buildReportView(assessment).waivers).toEqual([]);
    const failing = assessment.findings.find((f) => f.status === "fail");
    if (!failing) throw new Error("expected a failing finding in the sample");
    const waived: Assessment = {
      ...assessment,
      findings: [
        ...assessment.findings,
        { ...failing, status: "waived", waiver: { reason: "accepted", owner: "ops", expires: "2027-01-01" } },
      ],
    };
    const view = buildReportView(waived);
    expect(view.waivers).toEqual([
      {
        service: failing.service,
        rule: failing.rule,
        placement: failing.placement,
        reason: "accepted",
        owner: "ops",
        expires: "2027-01-01",
      },
    ]);
    expect(view.counts.waived).toBe(1);
  });

  it("counts the findings that fail, are unknown and are waived, each status on its own", () => {
    const statuses = ["fail", "unknown", "unknown", "waived", "waived", "waived", "pass", "mitigated"] as const;
    const base = assessment.findings[0];
    if (!base) throw new Error("the sample has no finding");
    const findings = statuses.map((status, i) => ({ ...base, rule: `rule-${i}`, status }));
    const { counts } = buildReportView({ ...assessment, findings });
    expect([counts.findings, counts.fails, counts.unknown, counts.waived]).toEqual([8, 1, 2, 3]);
  });

  it("keeps the details of the most interesting services when a limit applies and names the rest", () => {
    const view = buildReportView(assessment, { detailLimit: 1 });
    expect(view.details).toHaveLength(1);
    expect(view.omitted).toHaveLength(assessment.services.length - 1);
    const top = [...view.services].sort((a, b) => b.interest - a.interest || (a.name < b.name ? -1 : 1))[0];
    expect(view.details[0]?.name).toBe(top?.name);
  });

  it("links only https sources", () => {
    const service = assessment.services[0];
    if (!service) throw new Error("expected a service");
    const hostile: Assessment = {
      ...assessment,
      profiles: {
        [service.name]: {
          facts: {},
          evidence: [
            { fact: "x", claim: "y", source: "javascript:alert(1)" },
            { fact: "x", claim: "y", source: "https://example.org/a" },
          ],
        },
      },
      services: [service],
    };
    const evidence = buildReportView(hostile).services[0]?.evidence ?? [];
    expect(evidence.map((e) => e.source.url)).toEqual(["", "https://example.org/a"]);
  });
});

describe("flattenFacts, anchorOf and splitCode", () => {
  it("splits prose at backticks into text and code runs", () => {
    expect(splitCode("Set `host = x` now")).toEqual([
      { text: "Set ", code: false },
      { text: "host = x", code: true },
      { text: " now", code: false },
    ]);
  });

  it("flattens nested facts to sorted dotted paths, scalar lists on one line", () => {
    expect(flattenFacts({ b: { y: 1, x: [true, "a"] }, a: [{ k: "v" }], c: [] })).toEqual([
      { path: "a[0].k", value: "v" },
      { path: "b.x", value: "true, a" },
      { path: "b.y", value: "1" },
      { path: "c", value: "(none)" },
    ]);
  });

  it("keeps only safe characters in anchors", () => {
    expect(anchorOf('a"><img>')).toBe("svc-a___img_");
  });
});

describe("charts", () => {
  it("draws one heatmap cell per service, placement and dimension, n/a distinct", () => {
    const chart = computeHeatmap(
      [
        {
          service: "a",
          scores: [
            [100, null, 40],
            [80, 60, 0],
          ],
        },
        {
          service: "b",
          scores: [
            [null, null, null],
            [90, 75, 50],
          ],
        },
      ],
      ["poci", "k8s-scheduled"],
      DIMENSIONS,
    );
    expect(chart.rects).toHaveLength(2 * 2 * 3);
    const na = chart.rects.filter((r) => r.kind === "na");
    expect(na).toHaveLength(4);
    for (const r of na) expect(r.fill).toBe(NO_SCORE_FILL);
    // The hatch the template paints a missing score with, by the id of the pattern it defines for the chart.
    for (const r of na) expect(r.pattern).toBe(`${chart.id}-hatch`);
    expect(chart.rects.filter((r) => r.pattern !== undefined)).toHaveLength(na.length);
    expect(chart.rects[0]?.tooltip).toBe("a under poci, 12-factor: 100");
    expect(new Set(chart.rects.map((r) => `${r.x},${r.y}`)).size).toBe(12);
    for (const r of chart.rects) {
      expect(r.x + r.width).toBeLessThanOrEqual(chart.width);
      expect(r.y + r.height).toBeLessThanOrEqual(chart.height);
    }
  });

  it("colours scores by band at the fit thresholds", () => {
    expect(pickScoreBand(90).fill).not.toBe(pickScoreBand(89).fill);
    expect(pickScoreBand(75).fill).not.toBe(pickScoreBand(74).fill);
    expect(pickScoreBand(0).fill).toBe(pickScoreBand(49).fill);
  });

  it("scales bars to the score and leaves n/a without a bar", () => {
    const chart = computeScoreBars(
      [
        { service: "a", baseline: 100, target: 50 },
        { service: "b", baseline: null, target: 0 },
      ],
      "poci",
      "k8s-scheduled",
    );
    const bars = chart.rects.filter((r) => r.kind === "bar");
    expect(bars.map((b) => b.width)).toEqual([400, 200, 0]);
    expect(chart.labels.map((l) => l.text)).toContain("n/a");
  });

  it("splits each fit bar into segments proportional to the counts", () => {
    const chart = computeFitBars([
      {
        placement: "poci",
        counts: [
          { fit: "ready", title: "Ready", count: 1 },
          { fit: "not-fit", title: "Not fit", count: 3 },
        ],
      },
    ]);
    expect(chart.rects.map((r) => r.width)).toEqual([115, 345]);
  });
});
