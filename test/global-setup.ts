import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { SAMPLE_SERVICES } from "./helpers/sample-services.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The sample assessment's JSON, as the built CLI wrote it, shared by every test file. */
    sampleAssessmentJson: string;
  }
}

/**
 * Builds the CLI bundle once, so end-to-end tests run what users run, and assesses the sample
 * services once, so report tests share one assessment instead of each spawning the CLI for it.
 */
export default function setup(project: TestProject): void {
  execFileSync(process.execPath, ["scripts/build.mjs"], { stdio: "inherit" });
  const out = mkdtempSync(join(tmpdir(), "blendcheck-sample-"));
  const services = SAMPLE_SERVICES.flatMap((s) => ["--service", s]);
  execFileSync(process.execPath, ["dist/cli.mjs", "assess", ...services, "--format", "json", "--out", out, "--name", "sample"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  project.provide("sampleAssessmentJson", readFileSync(join(out, "sample.json"), "utf8"));
}
