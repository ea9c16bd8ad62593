import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { readAssessmentFile } from "../src/gate/read-assessment.js";
import { type Assessment, SCHEMA_VERSION } from "../src/model/assessment.js";
import { renderJson } from "../src/report/json.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

const jsonDir = mkdtempSync(join(tmpdir(), "blendcheck-read-"));
/** Writes an assessment as `assess --format json` does; other values as plain JSON. */
function writeJson(name: string, value: Assessment | Record<string, unknown>): string {
  const path = join(jsonDir, name);
  writeFileSync(path, "findings" in value && "services" in value ? renderJson(value as Assessment) : JSON.stringify(value));
  return path;
}

describe("readAssessmentFile and schemaVersion", () => {
  it("reads an assessment of the current schemaVersion", () => {
    const read = readAssessmentFile(writeJson("current.json", sampleAssessment([sampleFinding()])), jsonDir);
    expect(read.ok).toBe(true);
    expect(SCHEMA_VERSION).toBe("3.0.0");
  });

  it("reads an assessment larger than the 8 MiB limit of input files", () => {
    const big = sampleAssessment([sampleFinding()]);
    const service = big.services[0];
    if (!service) throw new Error("fixture");
    big.profiles = { [service.name]: { description: "x".repeat(9 * 1024 * 1024), facts: {}, evidence: [] } };
    const read = readAssessmentFile(writeJson("big.json", big), jsonDir);
    expect(read.ok).toBe(true);
  });

  it("says a 1.0.0 assessment cannot be compared and must be re-run", () => {
    const old = { ...sampleAssessment([sampleFinding()]), schemaVersion: "1.0.0" };
    const read = readAssessmentFile(writeJson("old.json", old), jsonDir);
    expect(read).toEqual({
      ok: false,
      problem: expect.objectContaining({
        code: "old-schema-version",
        message: "assessment schemaVersion 1.0.0 cannot be compared with 3.0.0; re-run the baseline (blendcheck assess --format json)",
      }),
    });
  });

  it("rejects an unknown schemaVersion by name", () => {
    const future = { ...sampleAssessment([sampleFinding()]), schemaVersion: "7.1.0" };
    const read = readAssessmentFile(writeJson("future.json", future), jsonDir);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.code).toBe("unsupported-schema-version");
    expect(read.problem.message).toContain('got "7.1.0"');
  });

  it("rejects a missing schemaVersion", () => {
    const { schemaVersion: _drop, ...rest } = sampleAssessment([sampleFinding()]);
    const read = readAssessmentFile(writeJson("none.json", rest), jsonDir);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem.message).toContain("schemaVersion string, got null");
  });
});

/** The JSON of a small assessment, as a plain object to edit. */
const sample = () =>
  JSON.parse(renderJson(sampleAssessment([sampleFinding(), sampleFinding({ service: "other", status: "pass", message: "it holds" })])));

function write(content: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "blendcheck-read-"));
  writeFileSync(join(dir, "a.json"), content);
  return { dir, file: "a.json" };
}

describe("readAssessmentFile", () => {
  it("places a JSON syntax error by line and column when the parser gives its offset", () => {
    const { dir, file } = write('{\n  "a": 1\n  "b": 2\n}');
    const read = readAssessmentFile(file, dir);
    expect(read.ok).toBe(false);
    if (!read.ok) expect([read.problem.line, read.problem.column]).toEqual([3, 3]);
  });

  it("reads back an assessment larger than the input file limit, as large catalogs write", () => {
    const assessment = { ...sample(), schemaVersion: SCHEMA_VERSION };
    while (JSON.stringify(assessment).length < 9 * 1024 * 1024) assessment.findings = [...assessment.findings, ...assessment.findings];
    const { dir, file } = write(JSON.stringify(assessment));
    const read = readAssessmentFile(file, dir);
    expect(read.ok ? "read" : read.problem.message).toBe("read");
  });

  it("refuses a schemaVersion that is not a version, saying which versions it reads", () => {
    const { dir, file } = write(JSON.stringify({ ...sample(), schemaVersion: "banana" }));
    const read = readAssessmentFile(file, dir);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problem.code).toBe("unsupported-schema-version");
      expect(read.problem.message).toContain(`${SCHEMA_VERSION.split(".")[0]}.x`);
    }
  });

  it("refuses an assessment from an incompatible major version", () => {
    const { dir, file } = write(JSON.stringify({ ...sample(), schemaVersion: "99.0.0" }));
    const read = readAssessmentFile(file, dir);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toMatchObject({ code: "unsupported-schema-version" });
  });

  it("reports a missing file and a wrong shape as problems with their codes", () => {
    const { dir } = write("{}");
    const missing = readAssessmentFile("absent.json", dir);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problem.code).toBe("not-found");
    const versioned = write(JSON.stringify({ schemaVersion: SCHEMA_VERSION }));
    const shape = readAssessmentFile(versioned.file, versioned.dir);
    expect(shape.ok).toBe(false);
    if (!shape.ok) expect(shape.problem.code).toBe("invalid-assessment");
  });

  it("accepts any minor and patch of its major version, and only whole versions", () => {
    const major = SCHEMA_VERSION.split(".")[0];
    const base = sample();
    const read = (version: string) => {
      const { dir, file } = write(JSON.stringify({ ...base, schemaVersion: version }));
      const result = readAssessmentFile(file, dir);
      return result.ok ? "ok" : result.problem.message;
    };
    expect(read(`${major}.10.100`)).toBe("ok");
    for (const bad of [`x${major}.0.0`, `${major}.0.0.1`, `${major}.0`]) expect(read(bad)).toMatch(/not a version/);
    expect(read(`${major}2.0.0`)).toMatch(/re-run assess/);
    expect(read("9".repeat(200))).not.toContain("9".repeat(30));
  });

  it("does not echo the content of a file it cannot parse", () => {
    const { dir, file } = write('{"token": ghp_SECRETSECRETSECRET}');
    const read = readAssessmentFile(file, dir);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.problem.code).toBe("invalid-json");
      expect(read.problem.message).not.toMatch(/SECRET|ghp/);
      expect(read.problem.message).toContain("invalid JSON");
      // At the value that is not JSON, though V8's message for it gives no position.
      expect([read.problem.line, read.problem.column, read.problem.severity]).toEqual([1, 11, "error"]);
    }
  });
});

describe("readAssessmentFile messages for a wrong shape", () => {
  /** The assessment JSON as written, then changed by `edit` before it is read back. */
  function readEdited(edit: (json: Record<string, unknown>) => void) {
    const json = JSON.parse(renderJson(sampleAssessment([sampleFinding()]))) as Record<string, unknown>;
    edit(json);
    const { dir, file } = write(JSON.stringify(json));
    const read = readAssessmentFile(file, dir);
    if (read.ok) throw new Error("expected a problem");
    return read.problem;
  }

  it("lists the first ten shape errors by path, then how many more there are", () => {
    const eleven = readEdited((json) => {
      json.findings = Array.from({ length: 11 }, (_, i) => i);
    });
    expect(eleven.code).toBe("invalid-assessment");
    expect(eleven.message).toMatch(/^expected a blendcheck assessment JSON, got findings\.0: /);
    expect(eleven.message).toContain("; findings.9: ");
    expect(eleven.message).not.toContain("findings.10:");
    expect(eleven.message).toMatch(/; and 1 more$/);
    const ten = readEdited((json) => {
      json.findings = Array.from({ length: 10 }, (_, i) => i);
    });
    expect(ten.message).toContain("findings.9: ");
    expect(ten.message).not.toContain("more");
    const one = readEdited((json) => {
      json.findings = [0];
    });
    expect(one.message).toMatch(/^expected a blendcheck assessment JSON, got findings\.0: [^;]*$/);
  });

  it("names the root for a shape error that has no path, such as a key the format does not have", () => {
    const problem = readEdited((json) => {
      json.extra = true;
    });
    expect(problem.code).toBe("invalid-assessment");
    expect(problem.message).toMatch(/^expected a blendcheck assessment JSON, got \(root\): /);
    expect(problem.message).toContain("extra");
  });

  it("names a member called __proto__ as a key the format does not have, as it names any other", () => {
    const { dir, file } = write(JSON.stringify(sample()).replace("{", '{"__proto__": {"schemaVersion": 1}, '));
    const read = readAssessmentFile(file, dir);
    if (read.ok) throw new Error("expected a problem");
    expect(read.problem.code).toBe("invalid-assessment");
    expect(read.problem.message).toMatch(/^expected a blendcheck assessment JSON, got \(root\): .*__proto__/);
  });

  it("names a finding's dangling workload id where it is", () => {
    const problem = readEdited((json) => {
      const [finding] = json.findings as Record<string, unknown>[];
      if (finding) finding.workload = "w999";
    });
    expect(problem.code).toBe("invalid-assessment");
    expect(problem.message).toMatch(/^findings\.0\.workload: /);
    expect(problem.message).toContain("w999");
  });

  it("refuses JSON that is not an object, and names the type of a schemaVersion that is not a string", () => {
    for (const text of ["null", "42", '"3.0.0"', "[]"]) {
      const { dir, file } = write(text);
      const read = readAssessmentFile(file, dir);
      if (read.ok) throw new Error(`expected a problem for ${text}`);
      expect([read.problem.code, read.problem.message]).toEqual([
        "invalid-assessment",
        "expected a blendcheck assessment JSON with a schemaVersion string, got null",
      ]);
    }
    const numbered = readEdited((json) => {
      json.schemaVersion = 3;
    });
    expect([numbered.code, numbered.message]).toEqual([
      "invalid-assessment",
      "expected a blendcheck assessment JSON with a schemaVersion string, got number",
    ]);
    expect([numbered.path, numbered.line, numbered.column, numbered.severity]).toEqual(["", 1, 1, "error"]);
  });

  it("places a JSON error at a line feed on the line the line feed ends", () => {
    // A raw line feed inside a string: the parser names the line feed's own offset.
    const { dir, file } = write('{"a": "abc\ndef"}');
    const read = readAssessmentFile(file, dir);
    if (read.ok) throw new Error("expected a problem");
    expect([read.problem.code, read.problem.line, read.problem.column]).toEqual(["invalid-json", 1, 11]);
  });

  it("places a JSON error after the last line feed on the last line", () => {
    const { dir, file } = write('{\n  "a": 1 x}');
    const read = readAssessmentFile(file, dir);
    if (read.ok) throw new Error("expected a problem");
    expect([read.problem.code, read.problem.line, read.problem.column]).toEqual(["invalid-json", 2, 10]);
  });

  it("places a JSON error without an offset at the first line", () => {
    const { dir, file } = write("");
    const read = readAssessmentFile(file, dir);
    expect(read.ok).toBe(false);
    if (!read.ok) expect([read.problem.code, read.problem.line, read.problem.column]).toEqual(["invalid-json", 1, 1]);
  });
});

describe("readAssessmentFile a piece at a time", () => {
  /** The JSON of an assessment with `count` findings, one per line, as `assess --format json` writes it. */
  const manyFindings = (count: number) =>
    renderJson(sampleAssessment(Array.from({ length: count }, (_, i) => sampleFinding({ service: `svc-${String(i).padStart(5, "0")}` }))));

  it("decodes no piece of the file longer than its longest top-level member but for its lists", () => {
    const json = manyFindings(2000);
    const { dir, file } = write(json);
    const decode = vi.spyOn(TextDecoder.prototype, "decode");
    try {
      expect(readAssessmentFile(file, dir).ok).toBe(true);
      const longest = Math.max(...decode.mock.results.map((r) => (typeof r.value === "string" ? r.value.length : 0)));
      expect(longest).toBeGreaterThan(0);
      // The findings list alone is over 300,000 units: read whole, one decoded piece would hold it.
      expect(json.length).toBeGreaterThan(300_000);
      expect(longest).toBeLessThan(10_000);
    } finally {
      decode.mockRestore();
    }
  });

  it("places a syntax error inside the list of findings at its line and column", () => {
    const lines = manyFindings(50).split("\n");
    const at = lines.findIndex((line) => line.includes('"rule"') && line.includes("svc-00031"));
    lines[at] = (lines[at] as string).replace('"status":"fail"', '"status":fail');
    const { dir, file } = write(lines.join("\n"));
    const read = readAssessmentFile(file, dir);
    if (read.ok) throw new Error("expected a problem");
    // "fa" may still begin false: the first character no JSON could go on with is the "i".
    const column = (lines[at] as string).indexOf('"status":fail') + '"status":fa'.length + 1;
    expect([read.problem.code, read.problem.line, read.problem.column]).toEqual(["invalid-json", at + 1, column]);
  });

  it("refuses bytes that are not UTF-8 at the line that holds them, and a NUL byte as binary", () => {
    const lines = manyFindings(10).split("\n");
    const at = lines.findIndex((line) => line.includes("svc-00004"));
    const before = Buffer.from(`${lines.slice(0, at).join("\n")}\n${lines[at]?.slice(0, 10)}`);
    const after = Buffer.from(`${lines[at]?.slice(10)}\n${lines.slice(at + 1).join("\n")}`);
    const dir = mkdtempSync(join(tmpdir(), "blendcheck-read-"));
    writeFileSync(join(dir, "a.json"), Buffer.concat([before, Buffer.from([0xff]), after]));
    const read = readAssessmentFile("a.json", dir);
    if (read.ok) throw new Error("expected a problem");
    expect([read.problem.code, read.problem.line]).toEqual(["invalid-utf8", at + 1]);
    writeFileSync(join(dir, "b.json"), Buffer.concat([before, Buffer.from([0]), after]));
    const binary = readAssessmentFile("b.json", dir);
    expect(binary.ok ? "" : binary.problem.code).toBe("binary-file");
    // A problem of the whole file, placed as any input file's is.
    expect(binary.ok ? [] : [binary.problem.line, binary.problem.column]).toEqual([0, 0]);
  });

  it("reads the same assessment a piece at a time as from one string: UTF-8, with a byte order mark or not, and UTF-16", () => {
    const json = manyFindings(300);
    const dir = mkdtempSync(join(tmpdir(), "blendcheck-read-"));
    writeFileSync(join(dir, "plain.json"), json);
    writeFileSync(join(dir, "bom.json"), `\uFEFF${json}`);
    writeFileSync(join(dir, "le.json"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, "utf16le")]));
    const [plain, bom, utf16] = ["plain.json", "bom.json", "le.json"].map((name) => {
      const read = readAssessmentFile(name, dir);
      if (!read.ok) throw new Error(`${name}: ${read.problem.message}`);
      return read.assessment;
    });
    expect(plain?.findings).toHaveLength(300);
    expect(bom).toEqual(plain);
    expect(utf16).toEqual(plain);
  });
});
