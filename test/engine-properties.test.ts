import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CelMap, toCelValue } from "../src/engine/cel.js";
import { decideRule } from "../src/engine/evaluate.js";
import type { PlacementSubject, ServiceSubject } from "../src/engine/subject.js";
import { loadInputs } from "../src/load/inputs.js";

const inputs = loadInputs({ paths: [], cwd: process.cwd() });
const STATUSES = new Set(["pass", "fail", "unknown", "not-applicable"]);

/** Facts of any shape under the keys rules read, including wrong types and missing values. */
const facts = fc.dictionary(
  fc.constantFrom(
    "name",
    "role",
    "process",
    "config",
    "logging",
    "state",
    "network",
    "identity",
    "host",
    "coordination",
    "cluster",
    "operations",
    "upgrade",
    "adminProcesses",
    "deployment",
    "oslo",
  ),
  fc.jsonValue({ maxDepth: 4 }),
);

const subject = (value: Record<string, unknown>) =>
  ({
    name: "svc",
    facts: value,
    cel: toCelValue(value) as CelMap,
    profile: { file: "", text: "", docIndex: 0 },
  }) as unknown as ServiceSubject;

describe("every built-in rule on arbitrary facts", () => {
  it("returns a verdict and never throws", () => {
    expect(inputs.rules.length).toBeGreaterThan(0);
    const placements = inputs.placements.map((p) => {
      const { evidence: _e, ...spec } = p.value.spec;
      const view = { name: p.value.metadata.name, title: p.value.metadata.title, ...spec };
      return {
        name: view.name,
        title: view.title,
        facts: view,
        cel: toCelValue(view) as CelMap,
        detected: false,
      } as unknown as PlacementSubject;
    });
    fc.assert(
      fc.property(facts, fc.nat({ max: placements.length - 1 }), (value, index) => {
        const placement = placements[index] as PlacementSubject;
        for (const rule of inputs.rules) {
          const verdict = decideRule(rule, subject(value), placement);
          expect(STATUSES.has(verdict.status)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
