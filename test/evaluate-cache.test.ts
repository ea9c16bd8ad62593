import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConditionContext } from "../src/engine/cel.js";
import {
  decideRule,
  evaluateRuleRow,
  evaluateRules,
  evaluateShared,
  factKeyEntryOf,
  sortedById,
  type Verdict,
} from "../src/engine/evaluate.js";
import { buildPlacementSubject, buildServiceSubject, locateFacts } from "../src/engine/subject.js";
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

/** The catalog and the sample artifacts, with a subject per catalog service and per workload of a catalog service. */
function sampleSubjects() {
  const inputs = loadInputs({ paths: [join(ROOT, "fixtures", "artifacts")], cwd: ROOT });
  const byName = new Map(inputs.profiles.map((p) => [p.value.metadata.name, p]));
  const workloads = inputs.extracted.workloads.flatMap((w) => {
    const profile = w.service === undefined ? undefined : byName.get(w.service);
    return profile ? [buildServiceSubject(profile, w.facts)] : [];
  });
  return { inputs, workloads, subjects: [...inputs.profiles.map((p) => buildServiceSubject(p)), ...workloads] };
}

describe("reusing verdicts by the facts a rule reads", () => {
  it("gives every rule, service and placement of the catalog and the sample artifacts the verdict its conditions give", () => {
    const { inputs, subjects } = sampleSubjects();
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
    const { inputs, subjects } = sampleSubjects();
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

  it("cites for every finding the places its facts come from, under the detected placement, the others and a user's placement file", () => {
    const { inputs, workloads } = sampleSubjects();
    const byRule = new Map(inputs.rules.map((r) => [r.rule.id, r]));
    let cited = 0;
    let underDetected = 0;
    // The placements in both orders, so a place found under one placement and kept for another would show.
    for (const placements of [inputs.placements, [...inputs.placements].reverse()]) {
      for (const asUsers of [false, true]) {
        // Fresh subjects per pass: what a subject has had located must not decide what the next pass sees.
        for (const subject of workloads.map((w) => ({ ...w }))) {
          for (const loaded of placements) {
            const placement = buildPlacementSubject(loaded.value, subject);
            const file = asUsers ? loaded : undefined;
            for (const finding of evaluateRules(inputs.rules, subject, placement, file)) {
              const compiled = byRule.get(finding.rule) as CompiledRule;
              const reads = [...new Set([...compiled.when.reads, ...compiled.fails.reads])];
              const settled = finding.status === "pass" || finding.status === "not-applicable";
              const expected = settled ? [] : locateFacts(reads, subject, placement, file);
              expect(finding.locations, `${finding.rule} ${subject.name} ${placement.name}`).toEqual(expected);
              if (finding.locations.length > 0) cited++;
              if (placement.detected && reads.some((r) => r.startsWith("placement.")) && finding.locations.length > 0) underDetected++;
            }
          }
        }
      }
    }
    expect(cited).toBeGreaterThan(100);
    expect(underDetected).toBeGreaterThan(0);
  });

  it("gives, by position in the rules sorted by id, each rule's finding with its conditions' verdict and the fact key entry found rule by rule", () => {
    const { inputs, subjects } = sampleSubjects();
    // Two lists of rules in turn, so what one subject holds for a list cannot answer for the other.
    const everyOther = inputs.rules.filter((_, i) => i % 2 === 0);
    let compared = 0;
    for (const subject of subjects) {
      for (const loaded of inputs.placements) {
        const placement = buildPlacementSubject(loaded.value, subject);
        for (const [pass, rules] of [inputs.rules, everyOther, inputs.rules].entries()) {
          const sorted = sortedById(rules);
          const { findings, entries } = evaluateRuleRow(rules, subject, placement, undefined, undefined);
          expect(findings).toHaveLength(sorted.length);
          for (const [i, compiled] of sorted.entries()) {
            const where = `${compiled.rule.id} ${subject.name} ${placement.name}`;
            expect(findings[i]?.rule, where).toBe(compiled.rule.id);
            if (pass === 0) {
              const verdict = decideDirectly(compiled, { service: subject.cel, placement: placement.cel });
              expect(findings[i]?.status, where).toBe(verdict.status);
            }
            // Found rule by rule, as mitigation plans find it, the entry is the same one.
            expect(entries[i], where).toBe(factKeyEntryOf(compiled, subject, placement));
            compared++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
