import { basename } from "node:path";
import { expect, it, vi } from "vitest";
import type { Finding, FindingStatus } from "../src/model/assessment.js";
import { renderJson, renderJsonWithin } from "../src/report/json.js";
import { writeJsonFile } from "../src/report/json-file.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { tempDir } from "./helpers/cli.js";

/** The bytes written to each file, by its name, and the file each open descriptor is. */
const writtenTo = vi.hoisted(() => ({ bytes: new Map<string, number>(), names: new Map<number, string>() }));

vi.mock("node:fs", async (original) => {
  const actual = await original<typeof import("node:fs")>();
  return {
    ...actual,
    openSync: (...args: Parameters<typeof actual.openSync>) => {
      const fd = actual.openSync(...args);
      writtenTo.names.set(fd, String(args[0]));
      return fd;
    },
    writeSync: (fd: number, buffer: Uint8Array, offset: number, length: number) => {
      const written = actual.writeSync(fd, buffer, offset, length);
      const name = basename(writtenTo.names.get(fd) ?? "");
      writtenTo.bytes.set(name, (writtenTo.bytes.get(name) ?? 0) + written);
      return written;
    },
  };
});

it("writes past the bound only the lines that may still be kept, and measures the rest", () => {
  // Nine passing findings to each failing one, each line about a kilobyte.
  const statuses: FindingStatus[] = ["fail", "pass", "pass", "pass", "pass", "pass", "pass", "pass", "pass", "pass"];
  const findings: Finding[] = Array.from({ length: 3000 }, (_, i) =>
    sampleFinding({ rule: `r/${i % 50}`, status: statuses[i % statuses.length], message: `${i} ${"x".repeat(1000)}` }),
  );
  const assessment = sampleAssessment(findings);
  const size = Buffer.byteLength(renderJson(assessment), "utf8");
  const bound = Math.floor(size * 0.3);
  const dir = tempDir("json-file-spill-");
  writtenTo.bytes.clear();
  const { truncated } = writeJsonFile(`${dir}/cut.json`, assessment, bound);
  expect(truncated).toEqual(renderJsonWithin(assessment, bound).truncated);
  const first = writtenTo.bytes.get(`.cut.json.${process.pid}.tmp`) ?? 0;
  const second = writtenTo.bytes.get(`.cut.json.${process.pid}.cut.tmp`) ?? 0;
  expect(second).toBeGreaterThan(bound * 0.9);
  expect(second).toBeLessThanOrEqual(bound);
  // The passing lines past the bound cannot be kept: only the failing ones go on being written.
  expect(first).toBeLessThan(bound + (size - bound) / 5);
});
