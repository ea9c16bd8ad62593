import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { renderMitigationReference } from "../src/docs/rule-reference.js";
import { runMitigationTests } from "../src/engine/mitigation-test.js";
import { loadInputs } from "../src/load/inputs.js";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const FIXTURE = join(ROOT, "test", "fixtures", "mitigations", "rules");

/** The fixture's own mitigations and cases, without the built-in catalog that loads beside them. */
function loadFixtureMitigations() {
  const inputs = loadInputs({ paths: [], rulesDirs: [FIXTURE], cwd: ROOT });
  const mine = (file: string) => resolve(ROOT, file).startsWith(FIXTURE);
  return {
    ...inputs,
    mitigations: inputs.mitigations.filter((m) => mine(m.file)),
    mitigationTests: inputs.mitigationTests.filter((t) => mine(t.file)),
  };
}

describe("mitigation test cases", () => {
  it("hold for the sample mitigation: it applies and lifts, and does not apply without the fact or off its placements", () => {
    const inputs = loadFixtureMitigations();
    expect(inputs.problems).toEqual([]);
    const report = runMitigationTests(inputs.mitigations, inputs.rules, inputs.mitigationTests, inputs.placements, {
      requireCoverage: inputs.mitigations,
    });
    expect(report.cases.map((c) => [c.name, c.ok, c.actual])).toEqual([
      ["a slow shutdown is covered by the longer grace", true, expect.stringContaining("termination/grace-covers-shutdown-sample")],
      ["no known shutdown time", true, "does not apply"],
      ["not a placement it lists", true, "does not apply"],
    ]);
    expect(report.uncovered).toEqual([]);
    expect(report.orphans).toEqual([]);
  });

  it("fail through `rules test` when a case expects a lift that does not happen, and name a mitigation without cases", () => {
    const dir = tempDir();
    cpSync(FIXTURE, dir, { recursive: true });
    const testFile = join(dir, "mitigations", "sample-grace-period.test.yaml");
    writeFileSync(
      testFile,
      readFileSync(testFile, "utf8").replace(
        "shutdownSeconds: 180 } }\n    expect: { applies: true",
        "shutdownSeconds: 20 } }\n    expect: { applies: true",
      ),
    );
    writeFileSync(
      join(dir, "mitigations", "untested.yaml"),
      readFileSync(join(dir, "mitigations", "sample-grace-period.yaml"), "utf8").replace("id: sample-grace-period", "id: untested"),
    );
    const result = runCli(["rules", "test", dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'sample-grace-period "a slow shutdown is covered by the longer grace": expected applies, lifts [termination/grace-covers-shutdown-sample], got applies, lifts []',
    );
    expect(result.stdout).toContain("mitigation untested has no case that applies and lifts and no case that does not apply");
  });
});

describe("mitigation reference", () => {
  it("has an index, the scoring method and a page per mitigation with its conditions and cases", () => {
    const inputs = loadFixtureMitigations();
    const pages = renderMitigationReference(inputs.mitigations, inputs.mitigationTests, DEFAULT_SCORING);
    expect(pages.map((p) => p.path)).toEqual(["index.md", "sample-grace-period.md", "scoring.md"]);
    const page = pages.find((p) => p.path === "sample-grace-period.md")?.text ?? "";
    expect(page).toContain("```cel\nhas(service.process.shutdownSeconds)\n```");
    expect(page).toContain("| `placement.graceSeconds` | `service.process.shutdownSeconds + 30` |");
    expect(page).toContain("| not a placement it lists | poci |");
    expect(pages.find((p) => p.path === "index.md")?.text).toContain("| [sample-grace-period](sample-grace-period.md) | deployment | 1 |");
    expect(pages.find((p) => p.path === "scoring.md")?.text).toContain("rules that share a mechanism count once");
  });
});

describe("mitigation loading", () => {
  it("reports a placement no file defines and a placement fact the spec lacks, where they are written", () => {
    const dir = tempDir();
    cpSync(FIXTURE, dir, { recursive: true });
    const file = join(dir, "mitigations", "sample-grace-period.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8")
        .replace("placements: [k8s-scheduled, k8s-statefulset]", "placements: [k8s-scheduled, k8s-sheduled]")
        .replace("placement.graceSeconds:", "placement.graceSecond:"),
    );
    const inputs = loadInputs({ paths: [], rulesDirs: [dir], cwd: ROOT });
    expect(inputs.problems.map((p) => [p.line, p.column, p.code, p.path])).toEqual([
      [5, 29, "unknown-placement", "placements.1"],
      [8, 26, "unknown-fact", "sets.placement.graceSecond"],
    ]);
  });
});
