import { describe, expect, it } from "vitest";
import { renderHtml, renderMarkdown } from "../src/report/render.js";
import { renderText } from "../src/report/text.js";
import { buildReportView } from "../src/report/view-model.js";
import { sampleAssessment, sampleFinding, sampleResult } from "./gate-sample.js";

/**
 * A service ready under poci (its recommendation) and not fit under the target, and a second one
 * whose target result is undecided although rules fail there.
 */
function twoServices() {
  const assessment = sampleAssessment([sampleFinding(), sampleFinding({ service: "ovs-agent" })], {
    "demo-worker": [
      sampleResult({
        placement: "poci",
        fit: "ready",
        fitWithMitigations: "ready",
        scores: { "twelve-factor": 95, "ip-movement": 100, termination: 90, overall: 95 },
        counts: { pass: 20, fail: 0, unknown: 1, "not-applicable": 3, mitigated: 0, waived: 0 },
      }),
      sampleResult({
        placement: "k8s-scheduled",
        fit: "not-fit",
        fitWithMitigations: "not-fit",
        scores: { "twelve-factor": 60, "ip-movement": 20, termination: 43, overall: 41 },
        counts: { pass: 10, fail: 8, unknown: 2, "not-applicable": 3, mitigated: 0, waived: 0 },
      }),
    ],
    "ovs-agent": [
      sampleResult({
        placement: "poci",
        fit: "needs-work",
        fitWithMitigations: "needs-work",
        scores: { "twelve-factor": 70, "ip-movement": 50, termination: 55, overall: 58 },
        counts: { pass: 9, fail: 4, unknown: 5, "not-applicable": 3, mitigated: 0, waived: 0 },
      }),
      sampleResult({
        placement: "k8s-scheduled",
        fit: "unknown",
        fitWithMitigations: "unknown",
        scores: { "twelve-factor": 40, "ip-movement": 10, termination: 52, overall: 34 },
        counts: { pass: 3, fail: 9, unknown: 14, "not-applicable": 3, mitigated: 0, waived: 0 },
      }),
    ],
  });
  const [worker, ovs] = assessment.services;
  if (!worker || !ovs) throw new Error("expected two services");
  ovs.recommendation = { placement: "poci", fit: "needs-work", reasons: [] };
  worker.recommendation = { placement: "poci", fit: "ready", reasons: [] };
  return assessment;
}

describe("the services table", () => {
  it("gives the recommended placement its own fit and scores, and the target its own, side by side", () => {
    const view = buildReportView(twoServices());
    const worker = view.services.find((s) => s.name === "demo-worker");
    expect(worker?.recommended).toMatchObject({ placement: "poci", fit: "ready", overall: "95", fitLabel: "Ready" });
    expect(worker?.target).toMatchObject({ fit: "not-fit", overall: "41", fitLabel: "Not fit" });
  });

  it("shows the failing count beside the unknown count when a fit is undecided", () => {
    const view = buildReportView(twoServices());
    const ovs = view.services.find((s) => s.name === "ovs-agent");
    expect(ovs?.target.fitLabel).toBe("Unknown: 9 failing, 14 unknown");
    expect(ovs?.results.find((r) => r.placement === "k8s-scheduled")?.fitLabel).toBe("Unknown: 9 failing, 14 unknown");
    expect(renderMarkdown(twoServices())).toContain("Unknown: 9 failing, 14 unknown");
    expect(renderText(twoServices())).toContain("unknown: 9 failing, 14 unknown");
    expect(renderHtml(twoServices())).toContain("Unknown: 9 failing, 14 unknown");
  });

  it("says no rule applies, not zero failing and zero unknown, when nothing could be checked", () => {
    const assessment = twoServices();
    const ovs = assessment.services.find((s) => s.name === "ovs-agent");
    const target = ovs?.results.find((r) => r.placement === "k8s-scheduled");
    if (!ovs || !target) throw new Error("expected ovs-agent under k8s-scheduled");
    target.counts = { pass: 0, fail: 0, unknown: 0, "not-applicable": 29, mitigated: 0, waived: 0 };
    target.scores = { "twelve-factor": null, "ip-movement": null, termination: null, overall: null };
    const view = buildReportView(assessment);
    expect(view.services.find((s) => s.name === "ovs-agent")?.target.fitLabel).toBe("Unknown: no rule applies");
    expect(renderText(assessment)).not.toContain("0 failing, 0 unknown");
  });

  it("labels the Markdown columns by placement so no target score sits beside a recommended fit", () => {
    const md = renderMarkdown(twoServices());
    const head = md.split("\n").find((line) => line.startsWith("| Service |")) ?? "";
    expect(head).toContain("Recommended");
    expect(head).toContain("Fit there");
    expect(head).toContain("Fit under k8s-scheduled");
    const row = md.split("\n").find((line) => line.startsWith("| demo-worker |")) ?? "";
    const cells = row.split("|").map((c) => c.trim());
    const heads = head.split("|").map((c) => c.trim());
    expect(cells[heads.indexOf("Fit there")]).toBe("Ready");
    expect(cells[heads.indexOf("Overall there")]).toBe("95");
    expect(cells[heads.indexOf("Fit under k8s-scheduled")]).toBe("Not fit");
    expect(cells[heads.indexOf("Overall under k8s-scheduled")]).toBe("**41**");
  });

  it("labels the HTML column groups and shows both fits in each row", () => {
    const html = renderHtml(twoServices());
    const table = html.slice(
      html.indexOf('<table id="services-table"'),
      html.indexOf("</table>", html.indexOf('<table id="services-table"')),
    );
    expect(table).toContain('<th scope="colgroup" colspan="4">Recommended placement</th>');
    expect(table).toMatch(/<th scope="colgroup" colspan="6">Under the target, <code>k8s-scheduled<\/code><\/th>/);
    const row = table.slice(table.indexOf('data-name="demo-worker"'));
    expect(row.indexOf("fit-ready")).toBeLessThan(row.indexOf("fit-not-fit"));
  });

  it("prints both fits in the text summary", () => {
    const text = renderText(twoServices());
    expect(text).toMatch(/^demo-worker\s+poci\s+ready\s+95\s+not fit\s+41\s+4$/m);
  });
});

describe("the services table with a mitigation plan", () => {
  it("shows the fit as-is and, beside it, the fit the plan reaches", () => {
    const assessment = twoServices();
    const worker = assessment.services.find((s) => s.name === "demo-worker");
    const target = worker?.results.find((r) => r.placement === "k8s-scheduled");
    if (!target) throw new Error("expected a k8s-scheduled result");
    target.fit = "needs-work";
    target.fitWithMitigations = "ready-with-mitigations";
    const view = buildReportView(assessment).services.find((s) => s.name === "demo-worker");
    expect(view?.target).toMatchObject({ fitLabel: "Needs work", lifted: true, fitWithMitigationsTitle: "Ready with mitigations" });
    expect(view?.recommended.lifted).toBe(false);
    expect(renderMarkdown(assessment)).toContain("| Needs work (with plan: Ready with mitigations) |");
    expect(renderText(assessment)).toContain("needs work (with plan: ready with mitigations)");
    expect(renderHtml(assessment)).toMatch(/Needs work<\/span> with plan → <span class="fit fit-ready-with-mitigations"/);
  });
});
