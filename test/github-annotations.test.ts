import { describe, expect, it } from "vitest";
import type { Severity } from "../src/model/common.js";
import { ANNOTATION_LIMIT, renderGithub } from "../src/report/github.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

function failing(count: number, severity: Severity, prefix: string) {
  return Array.from({ length: count }, (_, i) =>
    sampleFinding({ severity, rule: `ip-movement/${prefix}-${String(i).padStart(2, "0")}`, message: `${prefix} ${i}` }),
  );
}

const kinds = (output: string) =>
  output
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.slice(2, l.indexOf(" ") < 0 ? undefined : l.indexOf(" ")));

describe("GitHub annotations", () => {
  it("stay within GitHub's 10 per kind, most severe first, then one notice on how many more and where", () => {
    const findings = [
      ...failing(14, "high", "high"),
      ...failing(6, "critical", "crit"),
      ...failing(12, "medium", "med"),
      ...failing(11, "info", "info"),
    ];
    const output = renderGithub(sampleAssessment(findings));
    const lines = output.trim().split("\n");
    const errors = lines.filter((l) => l.startsWith("::error "));
    expect(ANNOTATION_LIMIT).toBe(10);
    expect(errors).toHaveLength(10);
    expect(errors.slice(0, 6).every((l) => l.includes("(critical)"))).toBe(true);
    expect(lines.filter((l) => l.startsWith("::warning "))).toHaveLength(10);
    const notices = lines.filter((l) => l.startsWith("::notice"));
    expect(notices).toHaveLength(10);
    const last = lines.at(-1) ?? "";
    // 10 high, 2 medium and 2 info findings are left out (one notice slot is the summary's).
    expect(last).toMatch(/^::notice title=.*::14 more failing finding\(s\) are not annotated/);
    expect(last).toContain("Markdown");
    expect(last).toContain("SARIF");
    expect(kinds(output).filter((k) => k === "notice")).toHaveLength(10);
  });

  it("adds no summary notice when everything fits", () => {
    const output = renderGithub(sampleAssessment(failing(3, "high", "high")));
    expect(output.trim().split("\n")).toHaveLength(3);
    expect(output).not.toContain("more failing");
  });
});
