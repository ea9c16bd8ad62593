import { describe, expect, it } from "vitest";
import { renderGithub } from "../src/report/github.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

describe("renderGithub locations", () => {
  it("annotates the service's own file before a built-in file the finding also cites", () => {
    const finding = sampleFinding({
      locations: [
        { file: "rules/placements/k8s.yaml", line: 3, column: 2 },
        { file: "deploy/worker.yaml", line: 7, column: 4 },
      ],
    });
    expect(renderGithub(sampleAssessment([finding]))).toContain("::error file=deploy/worker.yaml,line=7,col=4,");
  });

  it("falls back to the first cited file, then to the service's first source at line 1", () => {
    const elsewhere = sampleFinding({ locations: [{ file: "other.yaml", line: 0, column: 0 }] });
    expect(renderGithub(sampleAssessment([elsewhere]))).toContain("::error file=other.yaml,line=1,col=1,");
    const nowhere = sampleFinding({ locations: [] });
    expect(renderGithub(sampleAssessment([nowhere]))).toContain("::error file=deploy/worker.yaml,line=1,col=1,");
  });

  it("writes one line per failing finding and nothing when none fails", () => {
    const two = [sampleFinding(), sampleFinding({ placement: "swarm", severity: "medium" })];
    const out = renderGithub(sampleAssessment(two));
    expect(out.split("\n")).toEqual([expect.stringMatching(/^::error /), expect.stringMatching(/^::warning /), ""]);
    expect(renderGithub(sampleAssessment([sampleFinding({ status: "pass" })]))).toBe("");
  });
});
