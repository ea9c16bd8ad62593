import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/**
 * Forty files of about 4 MB each, a workload and a long comment in each: 160 MB of text, which
 * cannot all be held in a 96 MB heap, whether as the files read or through what is kept of their
 * workloads until every file is read.
 */
const FILES = 40;
const LINE = `# ${"x".repeat(98)}\n`;
const LINES_PER_FILE = 40_000;
const HEAP_MB = 96;

describe("reading deployment artifacts", () => {
  it("holds one artifact's text at a time: more text than the heap holds is read and assessed", () => {
    const dir = tempDir("blendcheck-streamed-");
    const comment = LINE.repeat(LINES_PER_FILE);
    for (let i = 0; i < FILES; i++) {
      const name = `keystone-api-${String(i).padStart(2, "0")}`;
      writeFileSync(join(dir, `${name}.yaml`), `${keystoneDeployment({ name })}${comment}`);
    }
    expect(FILES * comment.length).toBeGreaterThan(HEAP_MB * 1024 * 1024 * 1.5);

    const out = join(dir, "out");
    const { code, stderr } = runCli(["assess", ".", "--format", "json", "--out", out], {
      cwd: dir,
      env: { NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}` },
    });
    expect(stderr).not.toMatch(/heap out of memory/);
    expect(code).toBe(0);
    const assessment = JSON.parse(readFileSync(join(out, "blendcheck.json"), "utf8")) as {
      services: { name: string; workload?: string }[];
      workloads: Record<string, { name: string; line: number }>;
    };
    const read = assessment.services.filter((s) => s.name === "keystone-api" && s.workload !== undefined);
    expect(read).toHaveLength(FILES);
    // Each workload is still placed where it is written.
    expect(Object.values(assessment.workloads).every((w) => w.line === 2)).toBe(true);
  });
});
