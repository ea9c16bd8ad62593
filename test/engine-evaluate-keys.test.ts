import { describe, expect, it } from "vitest";
import { createRunBudget, decideRule, evaluateShared, factKeyOf } from "../src/engine/evaluate.js";
import { casePlacement, caseService } from "../src/engine/rule-test.js";
import type { CompiledRule } from "../src/load/documents.js";
import { buildInputs, placementYaml, ruleYaml } from "./helpers/scoring-fixtures.js";

/** Freshly compiled rules (so with no verdicts remembered yet) and the scheduled placement. */
function compile(rules: Record<string, { when?: string; fails: string }>) {
  const inputs = buildInputs([placementYaml("sched", "scheduled"), ...Object.entries(rules).map(([id, r]) => ruleYaml(id, r))]);
  const sched = inputs.placements[0];
  if (!sched) throw new Error("fixture");
  const byId = (id: string): CompiledRule => {
    const found = inputs.rules.find((r) => r.rule.id === id);
    if (!found) throw new Error(`no rule ${id}`);
    return found;
  };
  return { byId, placement: casePlacement(sched.value, undefined) };
}

const RULES = {
  "termination/presence": { when: "has(service.a)", fails: "service.a.b == 1" },
  "termination/method": { fails: "service.ports.exists(p, p > 2)" },
  "termination/size": { fails: "service.m.size() > 1" },
  "termination/deep": { fails: "service.x.y.z == 1" },
  "termination/both": { fails: "service.a == service.x" },
  "termination/index": { fails: 'service["a"] == 1' },
  "termination/index-deep": { fails: 'service.x["y"].z == 1' },
  "termination/dynamic": { fails: "has(service.k) && service.m[service.k] == 1" },
  "termination/whole": { fails: "size(service) > 1" },
  "termination/in": { fails: '"a" in service' },
  "termination/placement-index": { fails: 'placement["scheduler"] == "none" && service.a == 1' },
  "termination/compare-maps": { fails: "service.a == service.x || service.a.b == 1" },
};

/** Facts that agree on much and differ in one read value, type, shape or presence. */
const FACTS: Record<string, unknown>[] = [
  {},
  { a: { b: 1 } },
  { a: { b: 2 } },
  { a: { b: 1, c: 5 } },
  { a: { b: "1" } },
  { a: {} },
  { a: null },
  { a: [1] },
  { a: "text" },
  { a: 1, x: 1 },
  { a: 1, x: "1" },
  { ports: [1, 3] },
  { ports: [1, 2] },
  { ports: [] },
  { ports: { p: 3 } },
  { m: { k: 1, l: 2 } },
  { m: { k: 1 } },
  { m: [1, 2] },
  { x: { y: { z: 1 } } },
  { x: { y: { z: 2 } } },
  { x: { y: {} } },
  { x: { y: { w: 1 } } },
  { x: { y: 5 } },
  { x: { y: 6 } },
  { x: 5 },
  { m: { k: 1, l: 2 }, k: "k" },
  { m: { k: 1, l: 2 }, k: "l" },
  { m: { k: 1, l: 2 }, k: "z" },
  { a: { b: 2, c: 1 }, x: { b: 2, c: 1 } },
  { a: { b: 2, c: 2 }, x: { b: 2, c: 1 } },
];

describe("decideRule's remembered verdicts", () => {
  it("are the verdicts a freshly compiled rule reaches, whatever was decided before", () => {
    const shared = compile(RULES);
    for (const id of Object.keys(RULES)) {
      for (const facts of FACTS) {
        const fresh = compile(RULES);
        const expected = decideRule(fresh.byId(id), caseService(facts), fresh.placement);
        expect([id, facts, decideRule(shared.byId(id), caseService(facts), shared.placement)]).toEqual([id, facts, expected]);
      }
    }
  });

  it("share a key only between facts that agree on every value the rule reads", () => {
    const { byId, placement } = compile(RULES);
    const key = (id: string, facts: Record<string, unknown>) => factKeyOf(byId(id), caseService(facts), placement);
    // Only the presence of `a` and its `b` are read, so another key of `a` does not count.
    expect(key("termination/presence", { a: { b: 1 } })).toBe(key("termination/presence", { a: { b: 1, c: 5 } }));
    // A list is read whole even where only its presence is tested.
    expect(key("termination/presence", { a: [1] })).not.toBe(key("termination/presence", { a: [2] }));
    // A path that stops at a value that is not a map reads that value.
    expect(key("termination/deep", { x: { y: 5 } })).not.toBe(key("termination/deep", { x: { y: 6 } }));
    expect(key("termination/deep", { x: { y: 5 } })).not.toBe(key("termination/deep", { x: { y: "5" } }));
    expect(key("termination/deep", { x: 5 })).not.toBe(key("termination/deep", { x: { y: 5 } }));
    // A path that stops at a missing key of a map reads only that absence.
    expect(key("termination/deep", { x: { y: {} } })).toBe(key("termination/deep", { x: { y: { w: 1 } } }));
    expect(key("termination/deep", { x: { y: {} } })).not.toBe(key("termination/deep", { x: {} }));
    // A method on a map reads the map.
    expect(key("termination/size", { m: { k: 1 } })).not.toBe(key("termination/size", { m: { k: 1, l: 2 } }));
  });
});

describe("evaluateShared", () => {
  it("evaluates a condition again for facts that differ in what it reads, and gives the same result for those that do not", () => {
    const { byId, placement } = compile(RULES);
    const condition = byId("termination/presence").fails;
    expect(evaluateShared(condition, caseService({ a: { b: 1 } }), placement)).toEqual({ kind: "value", value: true });
    expect(evaluateShared(condition, caseService({ a: { b: 2 } }), placement)).toEqual({ kind: "value", value: false });
    expect(evaluateShared(condition, caseService({ a: { b: 1 }, other: 1 }), placement)).toEqual({ kind: "value", value: true });
    expect(evaluateShared(condition, caseService({}), placement).kind).toBe("missing");
  });
});

describe("the run's evaluation budget", () => {
  const rules = { "termination/user": { fails: "service.n > 1" }, "termination/builtin": { fails: "service.n > 1" } };

  it("charges each distinct decision of a rule it holds once, and spends itself on the first that does not fit", () => {
    const { byId, placement } = compile(rules);
    const user = byId("termination/user");
    const cost = user.when.cost + user.fails.cost;
    expect(cost).toBeGreaterThan(0);
    const budget = createRunBudget(["termination/user"], 2 * cost);
    expect(decideRule(user, caseService({ n: 1 }), placement, budget).status).toBe("pass");
    expect(decideRule(user, caseService({ n: 1 }), placement, budget).status).toBe("pass");
    expect(budget.spent).toBe(cost);
    // The second distinct decision fits exactly.
    expect(decideRule(user, caseService({ n: 2 }), placement, budget).status).toBe("fail");
    expect(budget.spent).toBe(2 * cost);
    expect(budget.exhausted).toBe(false);
    const over = decideRule(user, caseService({ n: 3 }), placement, budget);
    expect(over.status).toBe("unknown");
    expect(over).toMatchObject({ missing: [] });
    expect(over.status === "unknown" ? over.reason : "").toMatch(/evaluation budget for user rules is spent/);
    expect(budget.exhausted).toBe(true);
    // Decided within the budget before: still free and still known.
    expect(decideRule(user, caseService({ n: 1 }), placement, budget).status).toBe("pass");
    // A rule the budget does not hold is never charged nor stopped.
    expect(decideRule(byId("termination/builtin"), caseService({ n: 5 }), placement, budget).status).toBe("fail");
    expect(budget.spent).toBe(2 * cost);
  });

  it("stays spent once spent, even for a later decision that would fit", () => {
    const { byId, placement } = compile(rules);
    const user = byId("termination/user");
    const cost = user.when.cost + user.fails.cost;
    const budget = createRunBudget(["termination/user"], cost);
    budget.spent = 1;
    expect(decideRule(user, caseService({ n: 1 }), placement, budget).status).toBe("unknown");
    budget.spent = 0;
    expect(decideRule(user, caseService({ n: 2 }), placement, budget).status).toBe("unknown");
    expect(budget.decided.get("termination/user")?.size ?? 0).toBe(0);
  });
});
