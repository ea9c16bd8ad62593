import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { shownPath, tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

let dir: string;
let assessmentPath: string;
beforeAll(async () => {
  dir = tempDir("blendcheck-report-");
  const result = await runCliInProcess([
    "assess",
    "--service",
    "keystone-api",
    "--service",
    "nova-compute",
    "--format",
    "json",
    "--out",
    dir,
    "--name",
    "in",
  ]);
  expect(result.code, result.stderr).toBe(0);
  assessmentPath = join(dir, "in.json");
});

describe("blendcheck report", () => {
  it("prints the text summary to stdout without --out", async () => {
    const result = await runCliInProcess(["report", assessmentPath, "--format", "text"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^keystone-api\s/m);
    expect(result.stdout).not.toContain("\u001b[");
  });

  it("writes every asked file format under --out with --name, text to stdout, and json round-trips", async () => {
    const out = join(dir, "out");
    const result = await runCliInProcess([
      "report",
      assessmentPath,
      "--format",
      "html,md",
      "--format",
      "text,json",
      "--out",
      out,
      "--name",
      "r",
    ]);
    expect(result.code, result.stderr).toBe(0);
    for (const suffix of [".html", ".md", ".json"]) expect(existsSync(join(out, `r${suffix}`))).toBe(true);
    expect(existsSync(join(out, "r.txt"))).toBe(false);
    expect(result.stdout).toMatch(/^keystone-api\s/m);
    expect(JSON.parse(readFileSync(join(out, "r.json"), "utf8"))).toEqual(JSON.parse(readFileSync(assessmentPath, "utf8")));
  });

  it("exits 2 naming the file for invalid JSON", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ not json");
    const result = await runCliInProcess(["report", bad, "--format", "text"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(shownPath(bad));
    expect(result.stderr).toContain("invalid JSON");
  });

  it("exits 2 naming the file and the path for a schema mismatch", async () => {
    const bad = join(dir, "mismatch.json");
    const assessment = JSON.parse(readFileSync(assessmentPath, "utf8"));
    assessment.services[0].wave = "first";
    writeFileSync(bad, JSON.stringify(assessment));
    const result = await runCliInProcess(["report", bad, "--format", "text"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(shownPath(bad));
    expect(result.stderr).toContain("services.0.wave");
  });

  it("exits 2 for a missing file, an unknown format, or a file format without --out", async () => {
    expect((await runCliInProcess(["report", join(dir, "absent.json"), "--format", "text"])).code).toBe(2);
    expect((await runCliInProcess(["report", assessmentPath, "--format", "pdf", "--out", dir])).code).toBe(2);
    const result = await runCliInProcess(["report", assessmentPath, "--format", "html"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--out");
  });
});
