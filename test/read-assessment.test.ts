import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAssessmentFile } from "../src/gate/read-assessment.js";
import { SCHEMA_VERSION } from "../src/model/assessment.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

const dir = mkdtempSync(join(tmpdir(), "blendcheck-read-"));
function write(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

describe("readAssessmentFile and schemaVersion", () => {
  it("reads an assessment of the current schemaVersion", () => {
    const read = readAssessmentFile(write("current.json", sampleAssessment([sampleFinding()])), dir);
    expect(read.ok).toBe(true);
    expect(SCHEMA_VERSION).toBe("2.0.0");
  });

  it("reads an assessment larger than the 8 MiB limit of input files", () => {
    const big = sampleAssessment([sampleFinding()]);
    const service = big.services[0];
    if (!service) throw new Error("fixture");
    big.services = [{ ...service, description: "x".repeat(9 * 1024 * 1024) }];
    const read = readAssessmentFile(write("big.json", big), dir);
    expect(read.ok).toBe(true);
  });

  it("says a 1.0.0 assessment cannot be compared and must be re-run", () => {
    const old = { ...sampleAssessment([sampleFinding()]), schemaVersion: "1.0.0" };
    const read = readAssessmentFile(write("old.json", old), dir);
    expect(read).toEqual({
      ok: false,
      problem: expect.objectContaining({
        code: "old-schema-version",
        message: "assessment schemaVersion 1.0.0 cannot be compared with 2.0.0; re-run the baseline (blendcheck assess --format json)",
      }),
    });
  });

  it("rejects an unknown schemaVersion by name", () => {
    const future = { ...sampleAssessment([sampleFinding()]), schemaVersion: "7.1.0" };
    const read = readAssessmentFile(write("future.json", future), dir);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.code).toBe("unknown-schema-version");
    expect(read.problem.message).toContain('got "7.1.0"');
  });

  it("rejects a missing schemaVersion", () => {
    const { schemaVersion: _drop, ...rest } = sampleAssessment([sampleFinding()]);
    const read = readAssessmentFile(write("none.json", rest), dir);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.message).toContain("schemaVersion string, got null");
  });
});
