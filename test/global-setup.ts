import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { SAMPLE_SERVICES } from "./helpers/sample-services.js";

/** One run of the built CLI: its exit code, its output, and the folder it wrote its reports to. */
export interface SharedRun {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The sample assessment's JSON, as the built CLI wrote it, shared by every test file. */
    sampleAssessmentJson: string;
    /**
     * `blendcheck assess --out <out>` on the built-in catalog, as the built CLI ran it with no
     * timestamp: HTML, Markdown and JSON named `openstack.*`, shared by the files that check it.
     */
    catalogRun: SharedRun;
  }
}

/**
 * Builds the CLI bundle once, so end-to-end tests run what users run; assesses the sample services
 * once, so report tests share one assessment instead of each spawning the CLI for it; and assesses
 * the built-in catalog once, for the tests of what a plain `assess` prints and writes.
 */
export default function setup(project: TestProject): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  const env = { ...process.env, NO_COLOR: "1", SOURCE_DATE_EPOCH: "" };
  const sample = mkdtempSync(join(tmpdir(), "blendcheck-sample-"));
  const services = SAMPLE_SERVICES.flatMap((s) => ["--service", s]);
  execFileSync(process.execPath, ["dist/cli.mjs", "assess", ...services, "--format", "json", "--out", sample, "--name", "sample"], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  project.provide("sampleAssessmentJson", readFileSync(join(sample, "sample.json"), "utf8"));
  const out = mkdtempSync(join(tmpdir(), "blendcheck-catalog-"));
  const catalog = spawnSync(process.execPath, ["dist/cli.mjs", "assess", "--out", out], { env, encoding: "utf8", timeout: 120_000 });
  project.provide("catalogRun", { code: catalog.status ?? -1, stdout: catalog.stdout, stderr: catalog.stderr, out });
}
