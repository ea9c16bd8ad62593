import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConditionContext } from "../src/engine/cel.js";
import { decideRule, evaluateShared, type Verdict } from "../src/engine/evaluate.js";
import { buildPlacementSubject, buildServiceSubject } from "../src/engine/subject.js";
import type { CompiledRule } from "../src/load/documents.js";
import { loadInputs } from "../src/load/inputs.js";
import { ROOT } from "./helpers/cli.js";

/** The verdict straight from the conditions, as the engine reached it before it reused verdicts. */
function decideDirectly(compiled: CompiledRule, context: ConditionContext): Verdict {
  const applies = compiled.when.evaluate(context);
  if (applies.kind === "missing") return { status: "unknown", missing: applies.facts };
  if (applies.kind === "error") return { status: "unknown", missing: [], reason: applies.message };
  if (!applies.value) return { status: "not-applicable" };
  const fails = compiled.fails.evaluate(context);
  if (fails.kind === "missing") return { status: "unknown", missing: fails.facts };
  if (fails.kind === "error") return { status: "unknown", missing: [], reason: fails.message };
  return { status: fails.value ? "fail" : "pass" };
}

describe("reusing verdicts by the facts a rule reads", () => {
  it("gives every rule, service and placement of the catalog and the sample artifacts the verdict its conditions give", () => {
    const inputs = loadInputs({ paths: [join(ROOT, "fixtures", "artifacts")], cwd: ROOT });
    const byName = new Map(inputs.profiles.map((p) => [p.value.metadata.name, p]));
    const subjects = [
      ...inputs.profiles.map((p) => buildServiceSubject(p)),
      ...inputs.extracted.workloads.flatMap((w) => {
        const profile = w.service === undefined ? undefined : byName.get(w.service);
        return profile ? [buildServiceSubject(profile, w.facts)] : [];
      }),
    ];
    expect(inputs.extracted.workloads.length).toBeGreaterThan(5);
    let compared = 0;
    for (const subject of subjects) {
      for (const loaded of inputs.placements) {
        const placement = buildPlacementSubject(loaded.value, subject);
        for (const compiled of inputs.rules) {
          const expected = decideDirectly(compiled, { service: subject.cel, placement: placement.cel });
          expect(decideRule(compiled, subject, placement), `${compiled.rule.id} ${subject.name} ${placement.name}`).toEqual(expected);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });

  it("gives every mitigation's applies condition, for every service and placement, the result the condition gives", () => {
    const inputs = loadInputs({ paths: [join(ROOT, "fixtures", "artifacts")], cwd: ROOT });
    const byName = new Map(inputs.profiles.map((p) => [p.value.metadata.name, p]));
    const subjects = [
      ...inputs.profiles.map((p) => buildServiceSubject(p)),
      ...inputs.extracted.workloads.flatMap((w) => {
        const profile = w.service === undefined ? undefined : byName.get(w.service);
        return profile ? [buildServiceSubject(profile, w.facts)] : [];
      }),
    ];
    const kinds = new Set<string>();
    let compared = 0;
    for (const subject of subjects) {
      for (const loaded of inputs.placements) {
        const placement = buildPlacementSubject(loaded.value, subject);
        for (const { mitigation, applies } of inputs.mitigations) {
          const expected = applies.evaluate({ service: subject.cel, placement: placement.cel });
          kinds.add(expected.kind === "value" ? String(expected.value) : expected.kind);
          expect(evaluateShared(applies, subject, placement), `${mitigation.id} ${subject.name} ${placement.name}`).toEqual(expected);
          compared++;
        }
      }
    }
    // Both outcomes occur, so reusing a result for the wrong pair would show.
    expect(kinds).toContain("true");
    expect(kinds).toContain("false");
    expect(compared).toBeGreaterThan(1000);
  });
});
