import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { type CelMap, toCelValue } from "../src/engine/cel.js";
import { createRunBudget, decideRule, RUN_EVALUATION_BUDGET } from "../src/engine/evaluate.js";
import type { PlacementSubject, ServiceSubject } from "../src/engine/subject.js";
import { loadDocuments } from "../src/load/documents.js";
import { loadInputs } from "../src/load/inputs.js";
import { tempDir } from "./helpers/cli.js";

/**
 * A rule under the per-rule budget but heavy: two nested comprehensions, each assumed to iterate
 * 1,000 elements, so every decision is estimated at millions of evaluations. Its literal lists are
 * short, so the test itself runs fast; `when` reads the service's name, so each service is a
 * distinct decision.
 */
function heavyRule(id: string): string {
  return [
    "apiVersion: blendcheck/v1",
    "kind: Rule",
    `id: ${id}`,
    "title: A heavy user rule",
    "dimension: termination",
    "severity: low",
    "trigger: restart",
    "when: service.name != ''",
    "fails: '[1, 2, 3].exists(x, [4, 5].exists(y, x + y == 100 && x * y == 7 && x - y == 3 && x != y + 1000))'",
    'message: "{{service.name}} fails a heavy rule"',
    "rationale: Written to weigh on the budget.",
    "remediation: None.",
    "effort: 1",
    "references:",
    "  - title: CEL language definition",
    "    url: https://github.com/google/cel-spec/blob/master/doc/langdef.md",
  ].join("\n");
}

function service(name: string): ServiceSubject {
  const facts = { name };
  return { name, facts, cel: toCelValue(facts) as CelMap };
}

const placement = {
  name: "k8s-scheduled",
  title: "Kubernetes",
  facts: {},
  cel: {},
  detected: false,
} as unknown as PlacementSubject;

/** A user mitigation as heavy as {@link heavyRule}'s condition, applying under every built-in placement. */
function heavyMitigation(id: string): string {
  return [
    "apiVersion: blendcheck/v1",
    "kind: Mitigation",
    `id: ${id}`,
    "title: A heavy user mitigation",
    "placements: [poci, k8s-pinned, k8s-statefulset, k8s-scheduled, marathon, swarm]",
    "applies: '[1, 2, 3].exists(x, [4, 5].exists(y, x + y == 100 && x * y == 7 && x - y == 3 && x != y + 1000))'",
    "sets:",
    "  service.heavyMitigationApplied: 'true'",
    "remediationKind: deployment",
    "effort: 1",
    "cost: Nothing.",
    "rationale: Written to weigh on the budget.",
    "references:",
    "  - title: CEL language definition",
    "    url: https://github.com/google/cel-spec/blob/master/doc/langdef.md",
  ].join("\n");
}

describe("the evaluation budget of a run", () => {
  const loaded = loadDocuments([{ file: "heavy.yaml", text: heavyRule("user/heavy") }]);
  const rule = loaded.rules[0];
  if (!rule) throw new Error(`the heavy rule did not load: ${JSON.stringify(loaded.problems)}`);
  const cost = rule.when.cost + rule.fails.cost;

  it("estimates the heavy rule under the per-rule budget, so only a run's budget can stop it", () => {
    expect(rule.fails.evaluate({ service: {}, placement: {} })).toEqual({ kind: "value", value: false });
    expect(cost).toBeGreaterThan(1_000_000);
    expect(cost * 1000).toBeGreaterThan(RUN_EVALUATION_BUDGET);
  });

  it("makes a user rule's remaining decisions unknown, with the reason, once the run's budget is spent", () => {
    const budget = createRunBudget([rule.rule.id], cost * 3);
    const verdicts = ["a", "b", "c", "d", "e"].map((name) => decideRule(rule, service(name), placement, budget));
    expect(verdicts.slice(0, 3).map((v) => v.status)).toEqual(["pass", "pass", "pass"]);
    for (const verdict of verdicts.slice(3)) {
      expect(verdict.status).toBe("unknown");
      if (verdict.status === "unknown") expect(verdict.reason).toMatch(/run's evaluation budget for user rules is spent/);
    }
    // A decision made within the budget is given again at no cost; a rule the budget does not hold is decided as ever.
    expect(decideRule(rule, service("a"), placement, budget).status).toBe("pass");
    expect(decideRule(rule, service("f"), placement, createRunBudget([], cost)).status).toBe("pass");
  });

  const tool = { name: "blendcheck", version: "test" };

  /** The built-in catalog assessed with one extra rules file; the folder too, to assess it without. */
  function assessWithRulesFile(name: string, text: string) {
    const dir = tempDir("blendcheck-budget-");
    mkdirSync(join(dir, "rules"));
    writeFileSync(join(dir, "rules", name), text);
    return { dir, assessment: assess(loadInputs({ paths: [], rulesDirs: [join(dir, "rules")], cwd: dir }), { tool }) };
  }

  it("stops a rules file of heavy rules in an assessment of the catalog, and leaves the built-in rules' findings alone", () => {
    const { dir, assessment: withHeavy } = assessWithRulesFile("heavy.yaml", heavyRule("user/heavy"));
    const heavy = withHeavy.findings.filter((f) => f.rule === "user/heavy");
    const services = new Set(withHeavy.services.map((s) => s.name));
    // More distinct decisions than the budget holds: some fit, the rest are unknown with the reason.
    expect(services.size * cost).toBeGreaterThan(RUN_EVALUATION_BUDGET);
    const spent = heavy.filter((f) => f.status === "unknown");
    expect(heavy.some((f) => f.status === "pass")).toBe(true);
    expect(spent.length).toBeGreaterThan(0);
    for (const finding of spent) expect(finding.message).toMatch(/run's evaluation budget for user rules is spent/);
    const without = assess(loadInputs({ paths: [], cwd: dir }), { tool });
    expect(withHeavy.findings.filter((f) => f.rule !== "user/heavy")).toEqual(without.findings);
  });

  it("leaves a heavy user mitigation out of plans once the run's budget is spent, with a problem at the mitigation", () => {
    const { assessment } = assessWithRulesFile("heavy-mitigation.yaml", heavyMitigation("user-heavy-mitigation"));
    const problems = assessment.problems.filter((p) => p.code === "evaluation-budget");
    expect(problems).toEqual([
      {
        file: expect.stringMatching(/heavy-mitigation\.yaml$/),
        line: 3,
        column: 5,
        code: "evaluation-budget",
        message: expect.stringMatching(/^mitigation user-heavy-mitigation was left out of some plans: the run's evaluation budget/),
      },
    ]);
  });
});
