import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark is plain JavaScript without types
import { generateEstate } from "../bench/generate.mjs";
import { assess } from "../src/assess.js";
import { UsageError } from "../src/cli/exit-codes.js";
import { jsonRoomCheck } from "../src/cli/write-report.js";
import { loadInputs } from "../src/load/inputs.js";
import type { Assessment } from "../src/model/assessment.js";
import { encodeAssessmentFile } from "../src/model/assessment-codec.js";
import { storedServiceResultSchema } from "../src/model/assessment-file.js";
import { checkJsonRoom, JsonTooLargeError, leastService } from "../src/report/json.js";
import { tempDir } from "./helpers/cli.js";

const TOOL = { name: "blendcheck", version: "test" };
const PLACEMENTS = ["poci", "k8s-pinned", "k8s-scheduled"];

/** Every path to a key of an object within `value`, the first item standing for each list's items. */
function keyPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.length === 0 ? [] : keyPaths(value[0], [...path, 0]);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, child]) => [[...path, key], ...keyPaths(child, [...path, key])]);
}

/** A deep copy of `value` without the key at `path`. */
function without(value: unknown, path: (string | number)[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const segment of path.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  delete parent[path.at(-1) as string | number];
  return copy;
}

describe("the least a service takes in the assessment JSON", () => {
  it("is a service result the file can hold, one result per placement", () => {
    const least = leastService(PLACEMENTS);
    expect(storedServiceResultSchema.safeParse(least).success).toBe(true);
    expect(least.results.map((r) => r.placement)).toEqual(PLACEMENTS);
  });

  it("has no field a service may leave out: without any one of its keys, the file could not hold it", () => {
    const least = leastService(PLACEMENTS);
    const paths = keyPaths(least);
    expect(paths.length).toBeGreaterThan(40);
    const optional = paths.filter((path) => storedServiceResultSchema.safeParse(without(least, path)).success).map((p) => p.join("."));
    expect(optional).toEqual([]);
  });

  it("holds every field at its shortest: an empty string or list, 0, true, the shortest fit and survival answer", () => {
    const leaves: [string, unknown][] = [];
    const lists: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value) && value.length > 0 && path !== "results") lists.push(path);
      if (value !== null && typeof value === "object") {
        for (const [key, child] of Object.entries(value)) walk(child, path === "" ? key : `${path}.${key}`);
      } else leaves.push([path, value]);
    };
    walk(leastService(["p"]), "");
    const unexpected = leaves.filter(([path, value]) => {
      if (path === "results.0.placement") return value !== "p";
      if (/(^|\.)fit(WithMitigations)?$/.test(path)) return value !== "ready";
      if (path.endsWith(".answer")) return value !== "no";
      return value !== "" && value !== 0 && value !== true;
    });
    expect(unexpected).toEqual([]);
    expect(leaves.length).toBeGreaterThan(30);
    // Every list but the results is empty, not a list of empty items.
    expect(lists).toEqual([]);
  });

  it("is no longer than any service of a real assessment: the catalog's, an estate's and a generic workload's", () => {
    const estate = tempDir("blendcheck-room-estate-");
    generateEstate(estate, 40);
    const catalog = assess(loadInputs({ paths: [], cwd: estate }), { tool: TOOL });
    const workloads = assess(loadInputs({ paths: [estate], cwd: estate }), { tool: TOOL, baseDir: estate });
    const assessments: Assessment[] = [catalog, workloads];
    let checked = 0;
    for (const assessment of assessments) {
      const placements = assessment.placements.map((p) => p.name);
      const least = JSON.stringify(leastService(placements)).length;
      for (const service of encodeAssessmentFile(assessment).services) {
        expect(service.results.map((r) => r.placement)).toEqual(placements);
        expect(JSON.stringify(service).length).toBeGreaterThanOrEqual(least);
        checked++;
      }
    }
    expect(workloads.services.some((s) => s.project === "generic")).toBe(true);
    expect(checked).toBeGreaterThan(100);
  });
});

describe("checkJsonRoom: a run too large for its JSON is refused before it is assessed", () => {
  const line = JSON.stringify(leastService(PLACEMENTS)).length + ",\n    ".length;

  it("refuses one service more than the bound holds at the least, and takes exactly as many", () => {
    expect(() => checkJsonRoom(10, PLACEMENTS, 10 * line)).not.toThrow();
    expect(() => checkJsonRoom(11, PLACEMENTS, 10 * line)).toThrow(JsonTooLargeError);
    expect(() => checkJsonRoom(11, PLACEMENTS, 10 * line)).toThrow(`would exceed ${10 * line} bytes even without its findings`);
  });

  it("is asked with the services and placements assess is about to assess, before any of them", () => {
    const asked: { services: number; placements: readonly string[] }[] = [];
    const inputs = loadInputs({ paths: [], cwd: tempDir("blendcheck-room-") });
    const assessment = assess(inputs, { tool: TOOL, placements: ["poci", "swarm"], beforeAssessing: (run) => asked.push(run) });
    expect(asked).toEqual([{ services: assessment.services.length, placements: ["poci", "swarm"] }]);
    expect(() => assess(inputs, { tool: TOOL, beforeAssessing: () => checkJsonRoom(1, PLACEMENTS, 1) })).toThrow(JsonTooLargeError);
  });

  it("is checked by the commands only when a JSON report is asked for, as a usage error that says to split the paths", () => {
    expect(jsonRoomCheck(["html", "md", "sarif"])).toBeUndefined();
    const check = jsonRoomCheck(["md", "json"], 10 * line);
    expect(() => check?.({ services: 10, placements: PLACEMENTS })).not.toThrow();
    expect(() => check?.({ services: 11, placements: PLACEMENTS })).toThrow(UsageError);
    expect(() => check?.({ services: 11, placements: PLACEMENTS })).toThrow("(split the paths over several runs)");
  });
});
