import { describe, expect, it } from "vitest";
import { collectGarbage } from "../src/cli/collect-garbage.js";
import { workloadKeyOf } from "../src/extract/artifact-facts.js";

describe("workloadKeyOf", () => {
  it("names a workload by where its kind sits, in one flat string a config can hold to the end of reading", () => {
    const at = (line: number) => ({ locations: { "deployment.kind": { file: "region-0001/nova.yaml", line, column: 1 } } });
    expect(workloadKeyOf(at(12))).toBe("region-0001/nova.yaml:12:1");
    expect(workloadKeyOf({ locations: {} })).toBe("");
    const heapUsed = () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const before = heapUsed();
    // Each a key of its own, as each workload's is.
    const keys = Array.from({ length: 20_000 }, (_, i) => workloadKeyOf(at(i + 1)));
    const perKey = (heapUsed() - before) / keys.length;
    expect(new Set(keys).size).toBe(keys.length);
    // A flat string of 27 characters takes about 48 bytes and its slot 8; one concatenated from the
    // parts is a string for each joining, 32 bytes apiece.
    expect(perKey).toBeLessThan(80);
  });
});
