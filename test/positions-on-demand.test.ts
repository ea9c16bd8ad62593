import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { positionRuns, summarizePositions } from "./helpers/positions.js";

// Written by the code that computed every position up front, before positions were found on demand.
const EXPECTED = JSON.parse(readFileSync("test/fixtures/positions/expected.json", "utf8")) as Record<string, Record<string, string[]>>;

describe("positions found on demand", () => {
  for (const run of positionRuns(process.cwd())) {
    it(`gives the same problems, fact locations and finding locations as positions computed up front: ${run.name}`, () => {
      expect(EXPECTED[run.name], `no expectation for ${run.name}`).toBeDefined();
      expect(summarizePositions(process.cwd(), run.paths)).toEqual(EXPECTED[run.name]);
    });
  }
});
