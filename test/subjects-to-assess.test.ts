import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark's generator is plain JavaScript.
import { generateEstate } from "../bench/generate.mjs";
import { assess } from "../src/assess.js";
import { subjectsToAssess } from "../src/cli/read-inputs.js";
import { loadInputs } from "../src/load/inputs.js";
import { tempDir } from "./helpers/cli.js";

const TOOL = { name: "blendcheck", version: "0.0.0" };

describe("subjectsToAssess", () => {
  it("counts each workload of the user's files, not the services they are workloads of", () => {
    const dir = tempDir("blendcheck-subjects-");
    generateEstate(join(dir, "estate"), 60);
    const inputs = loadInputs({ paths: ["estate"], cwd: dir });
    expect(inputs.extracted.workloads.length).toBeGreaterThan(inputs.userServices.length);
    const assessment = assess(inputs, { tool: TOOL, generatedAt: null });
    expect(subjectsToAssess(inputs)).toBe(assessment.services.length);
  });

  it("counts the built-in catalog's services when no path is given", () => {
    const inputs = loadInputs({ paths: [], cwd: process.cwd() });
    expect(subjectsToAssess(inputs)).toBe(assess(inputs, { tool: TOOL, generatedAt: null }).services.length);
  });
});
