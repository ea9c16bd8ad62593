import { describe, expect, it } from "vitest";
import { evaluateGate } from "../src/gate/evaluate-gate.js";
import { formatGateSummary, formatUnusedWaivers } from "../src/gate/summary.js";
import { formatProblem } from "../src/load/problem.js";
import { renderGithub } from "../src/report/github.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { isHostile } from "./helpers/hostile-output.js";

const FORGED = "x\n::error file=a.yaml,line=1::forged\u001b]0;pwned\u0007\u001b[2J";

describe("messages that carry input", () => {
  it("formats a problem without passing on line breaks, workflow commands or escapes", () => {
    const line = formatProblem({ file: FORGED, line: 1, column: 1, severity: "error", code: "x", path: FORGED, message: FORGED });
    expect(isHostile(line)).toBe(false);
    expect(line).toContain("\\n:\\:error");
  });

  it("escapes service names, rules and waiver text in the gate summary", () => {
    const finding = sampleFinding({ service: FORGED, message: FORGED });
    const assessment = sampleAssessment([finding]);
    const result = evaluateGate(assessment, { settings: { failOn: "high", minScores: {} }, waivers: [], today: "2026-06-01" });
    const summary = formatGateSummary(result);
    expect(summary).toContain("FAILED");
    expect(isHostile(summary)).toBe(false);
    const unused = formatUnusedWaivers([{ rule: FORGED, service: FORGED, reason: FORGED, owner: FORGED, expires: "2030-01-01" }]);
    expect(isHostile(unused)).toBe(false);
  });

  it("keeps annotations to one line each, without control bytes, bidi overrides or live mentions", () => {
    const finding = sampleFinding({ message: `${FORGED} \u0000\u202e cc @octocat` });
    const out = renderGithub(sampleAssessment([finding]));
    expect(out.split("\n").filter((l) => l !== "")).toHaveLength(1);
    expect(isHostile(out.replace(/^::error /, ""))).toBe(false);
    expect(out).not.toContain("@octocat");
    expect(out).toContain("\uff20octocat");
  });
});
