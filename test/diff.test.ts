import { describe, expect, it } from "vitest";
import { diffAssessments } from "../src/gate/diff.js";
import { formatDiffMarkdown, formatDiffText } from "../src/report/diff.js";
import { sampleAssessment, sampleFinding, sampleResult } from "./gate-sample.js";

const better = sampleResult({ scores: { "twelve-factor": null, "ip-movement": 100, termination: null, overall: 100 }, fit: "ready" });
const worse = sampleResult();

describe("diffAssessments", () => {
  it("reports scores and fit that got worse and findings that are new", () => {
    const before = sampleAssessment([sampleFinding({ status: "pass" })], { "demo-worker": [better] });
    const after = sampleAssessment([sampleFinding()], { "demo-worker": [worse] });
    const diff = diffAssessments(before, after);
    expect(diff.regressed).toBe(true);
    expect(diff.changes).toEqual([
      {
        service: "demo-worker",
        placement: "k8s-scheduled",
        scores: [
          { key: "overall", before: 100, after: 0 },
          { key: "ip-movement", before: 100, after: 0 },
        ],
        fit: { before: "ready", after: "not-fit" },
        worse: true,
      },
    ]);
    expect(diff.newFindings.map((f) => f.rule)).toEqual(["ip-movement/identity-from-hostname"]);
    expect(diff.goneFindings).toEqual([]);
    expect(formatDiffText(diff)).toContain(
      "demo-worker @ k8s-scheduled: overall 100 → 0, ip-movement 100 → 0, fit ready → not-fit [worse]",
    );
    expect(formatDiffMarkdown(diff)).toContain("**Something got worse.**");
  });

  it("reports improvements as gone findings without a regression", () => {
    const before = sampleAssessment([sampleFinding()], { "demo-worker": [worse] });
    const after = sampleAssessment([sampleFinding({ status: "pass" })], { "demo-worker": [better] });
    const diff = diffAssessments(before, after);
    expect(diff.regressed).toBe(false);
    expect(diff.goneFindings.map((f) => f.placement)).toEqual(["k8s-scheduled"]);
    expect(diff.changes[0]?.worse).toBe(false);
  });

  it("finds nothing between an assessment and itself", () => {
    const a = sampleAssessment([sampleFinding()]);
    expect(diffAssessments(a, a)).toEqual({ changes: [], newFindings: [], goneFindings: [], regressed: false });
  });
});
