import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateGate } from "../src/gate/evaluate-gate.js";
import { formatGateSummary, formatUnusedWaivers } from "../src/gate/summary.js";
import { formatProblem } from "../src/load/problem.js";
import { renderGithub } from "../src/report/github.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { runCli, tempDir } from "./helpers/cli.js";

const FORGED = "x\n::error file=a.yaml,line=1::forged\u001b]0;pwned\u0007\u001b[2J";

/** True when a line of output would be read by a terminal or GitHub Actions as more than text. */
function isHostile(output: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the check is about control characters.
  return output.split("\n").some((line) => /^\s*::/.test(line) || /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/.test(line));
}

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

  it("prints a hostile file name escaped when the CLI reports it", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ok.yaml"), "a: 1\n");
    const result = runCli(["validate", `nothing\n::error file=x::forged\u001b[2J.yaml`], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr + result.stdout).toContain(":\\:error");
    expect(isHostile(result.stderr)).toBe(false);
    expect(isHostile(result.stdout)).toBe(false);
  });
});
