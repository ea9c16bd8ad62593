import { describe, expect, it } from "vitest";
import { createRunBudget, evaluateRules, type RunBudget } from "../src/engine/evaluate.js";
import {
  applyOverlays,
  brokenRules,
  createPlanMemo,
  isMitigationApplicable,
  liftedRules,
  type MitigateOutcome,
  mitigatePlacement,
  overlaysOf,
  type PlanMemo,
  pathSetOf,
  readsAnyOf,
} from "../src/engine/mitigate.js";
import { casePlacement, caseService } from "../src/engine/rule-test.js";
import type { CompiledRule } from "../src/load/documents.js";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import { buildInputs, mitigationYaml, placementYaml, ruleYaml } from "./helpers/scoring-fixtures.js";

/** The world of the given rules and mitigations under one scheduled placement, for a service with the given facts. */
function world(documents: readonly string[], facts: Record<string, unknown>) {
  const inputs = buildInputs([placementYaml("sched", "scheduled"), placementYaml("pin", "pinned"), ...documents]);
  const sched = inputs.placements.find((p) => p.value.metadata.name === "sched");
  if (!sched) throw new Error("fixture");
  const service = caseService({ name: "svc", ...facts });
  const placement = casePlacement(sched.value, undefined);
  const mitigation = (id: string) => {
    const found = inputs.mitigations.find((m) => m.mitigation.id === id);
    if (!found) throw new Error(`no mitigation ${id}`);
    return found;
  };
  return { inputs, service, placement, mitigation };
}

/** The mitigate stage's outcome in a world, under the run's budget and with the run's plan memo when given. */
function outcomeIn({ inputs, service, placement }: ReturnType<typeof world>, budget?: RunBudget, memo?: PlanMemo): MitigateOutcome {
  return mitigatePlacement({
    rules: inputs.rules,
    mitigations: inputs.mitigations,
    service,
    placement,
    findings: evaluateRules(inputs.rules, service, placement),
    settings: DEFAULT_SCORING,
    ruleIndex: new Map(),
    budget,
    memo,
  });
}

/** The mitigate stage's outcome for the world of these documents and facts. */
function planFor(documents: readonly string[], facts: Record<string, unknown>): MitigateOutcome {
  return outcomeIn(world(documents, facts));
}

const steps = (outcome: MitigateOutcome) => outcome.plan.map((p) => [p.mitigation, p.lifts]);

describe("isMitigationApplicable and overlaysOf", () => {
  const { service, placement, mitigation } = world(
    [
      mitigationYaml("listed", { applies: "service.a == 1", sets: { "service.a": "0" } }),
      mitigationYaml("not-listed", { placements: ["pin"], applies: "true", sets: { "service.a": "0" } }),
      mitigationYaml("applies-false", { applies: "service.a == 2", sets: { "service.a": "0" } }),
      mitigationYaml("applies-missing", { applies: "service.nothing == 1", sets: { "service.a": "0" } }),
      mitigationYaml("sets-missing", { sets: { "service.a": "0", "service.b": "service.nothing + 1" } }),
      mitigationYaml("sets-two", { sets: { "service.a": "service.a + 1", "placement.graceSeconds": "90" } }),
    ],
    { a: 1 },
  );

  it("applies only under a listed placement, and only when `applies` is true (not false, not missing)", () => {
    expect(isMitigationApplicable(mitigation("listed"), service, placement)).toBe(true);
    expect(isMitigationApplicable(mitigation("not-listed"), service, placement)).toBe(false);
    expect(isMitigationApplicable(mitigation("applies-false"), service, placement)).toBe(false);
    expect(isMitigationApplicable(mitigation("applies-missing"), service, placement)).toBe(false);
  });

  it("evaluates every `sets` expression over the original facts, and gives nothing when one cannot be", () => {
    expect(overlaysOf(mitigation("sets-missing"), service, placement)).toBeUndefined();
    const overlays = overlaysOf(mitigation("sets-two"), service, placement);
    expect(overlays).toHaveLength(2);
    expect(overlays).toEqual(
      expect.arrayContaining([
        { path: ["service", "a"], value: 2 },
        { path: ["placement", "graceSeconds"], value: 90 },
      ]),
    );
  });
});

describe("applyOverlays", () => {
  const service = caseService({ name: "svc", nested: { keep: 1, list: [1, 2] }, flat: 3, empty: null });
  const { placement } = world([], {});

  it("sets service and placement facts in both the plain and the CEL view, leaving the originals as they were", () => {
    const changed = applyOverlays(service, placement, [
      { path: ["service", "nested", "added"], value: { deep: true } },
      { path: ["placement", "graceSeconds"], value: 99 },
      { path: ["elsewhere", "x"], value: 1 },
    ]);
    expect(changed.service.facts.nested).toEqual({ keep: 1, list: [1, 2], added: { deep: true } });
    expect(changed.placement.facts.graceSeconds).toBe(99);
    expect(changed.service.facts.graceSeconds).toBeUndefined();
    expect(changed.placement.facts.nested).toBeUndefined();
    expect(changed.service.facts.elsewhere).toBeUndefined();
    expect(changed.placement.facts.elsewhere).toBeUndefined();
    expect(changed.placement.facts.x).toBeUndefined();
    expect(service.facts.nested).toEqual({ keep: 1, list: [1, 2] });
    expect(placement.facts.graceSeconds).toBe(30);
    // The CEL view changed with the plain one: a rule reading the new value sees it.
    const inputs = buildInputs([
      placementYaml("sched", "scheduled"),
      ruleYaml("termination/deep", { fails: "service.nested.added.deep && placement.graceSeconds == 99" }),
    ]);
    expect(evaluateRules(inputs.rules, changed.service, changed.placement)[0]?.status).toBe("fail");
  });

  it("keeps every fact set before when it sets another, and replaces a value, list or null on the way by an object", () => {
    const changed = applyOverlays(service, placement, [
      { path: ["service", "one", "a"], value: 1 },
      { path: ["service", "two"], value: 2 },
      { path: ["service", "flat", "x"], value: 4 },
      { path: ["service", "nested", "list", "y"], value: 5 },
      { path: ["service", "empty", "w"], value: 6 },
      { path: ["placement", "events", "z"], value: null },
    ]);
    expect(Object.keys(changed.service.facts)).toEqual(expect.arrayContaining(["one", "two", "flat", "nested"]));
    expect(changed.service.facts).toMatchObject({
      one: { a: 1 },
      two: 2,
      flat: { x: 4 },
      nested: { keep: 1, list: { y: 5 } },
      empty: { w: 6 },
    });
    expect(changed.placement.facts.events).toEqual({ restart: 2, "ip-change": 2, z: null });
  });

  it("copies a set value, so changing it later changes no subject", () => {
    const value = { deep: [1] };
    const changed = applyOverlays(service, placement, [{ path: ["service", "copy"], value }]);
    value.deep.push(2);
    expect(changed.service.facts.copy).toEqual({ deep: [1] });
  });

  it("never writes `__proto__`, `constructor` or `prototype`, at the top or below", () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
      const changed = applyOverlays(service, placement, [
        { path: ["service", key, "polluted"], value: true },
        { path: ["service", "nested", key], value: { polluted: true } },
      ]);
      expect(Object.hasOwn(changed.service.facts, key)).toBe(false);
      expect(Object.hasOwn(changed.service.facts.nested as object, key)).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    // A path that names only the root sets nothing.
    const bare = applyOverlays(service, placement, [{ path: ["service"], value: 1 }]);
    expect(bare.service.facts).toEqual(service.facts);
  });
});

describe("readsAnyOf", () => {
  const reading = (...reads: string[]) => ({ when: { reads: [] }, fails: { reads } }) as unknown as CompiledRule;

  it("matches a read at, above or below a set path, ignoring `?` and `[]` marks, but not a mere name prefix", () => {
    const rule = reading("service.cluster[].members", "service.?opt.x");
    expect(readsAnyOf(rule, pathSetOf(["service.cluster.members"]))).toBe(true);
    expect(readsAnyOf(rule, pathSetOf(["service.cluster"]))).toBe(true);
    expect(readsAnyOf(rule, pathSetOf(["service.cluster.members.size"]))).toBe(true);
    expect(readsAnyOf(rule, pathSetOf(["service.opt.x"]))).toBe(true);
    expect(readsAnyOf(rule, pathSetOf(["service.clusters"]))).toBe(false);
    expect(readsAnyOf(rule, pathSetOf(["service.cluster.membersx"]))).toBe(false);
    expect(readsAnyOf(rule, pathSetOf(["service.cluster.member"]))).toBe(false);
    expect(readsAnyOf(rule, pathSetOf(["placement.cluster.members"]))).toBe(false);
    expect(readsAnyOf(rule, pathSetOf([]))).toBe(false);
    expect(readsAnyOf(reading(), pathSetOf(["service.cluster"]))).toBe(false);
  });

  it("answers each set of paths for itself, however often a rule is asked", () => {
    const rule = reading("service.cluster");
    for (let round = 0; round < 2; round++) {
      expect(readsAnyOf(rule, pathSetOf(["service.other"]))).toBe(false);
      expect(readsAnyOf(rule, pathSetOf(["service.other", "service.cluster"]))).toBe(true);
      expect(readsAnyOf(rule, pathSetOf(["service.other"]))).toBe(false);
    }
  });

  it("reads the rule's `when` as well as its `fails`", () => {
    const rule = { when: { reads: ["service.gate"] }, fails: { reads: [] } } as unknown as CompiledRule;
    expect(readsAnyOf(rule, pathSetOf(["service.gate"]))).toBe(true);
  });
});

describe("liftedRules and brokenRules", () => {
  const { inputs, service, placement } = world(
    [
      ruleYaml("termination/a", { fails: "service.a == 1" }),
      ruleYaml("termination/gated", { when: "service.on", fails: "service.a == 1" }),
      ruleYaml("termination/needs", { fails: "service.missing == 1 || service.a == 1" }),
      ruleYaml("termination/b", { fails: "service.b == 1" }),
    ],
    { a: 1, b: 0, on: true },
  );

  it("lifts rules that pass or stop applying, not those left unknown", () => {
    // termination/b passes as-is and still does; termination/needs is left unknown.
    expect(liftedRules(inputs.rules, service, placement, [{ path: ["service", "a"], value: 0 }])).toEqual(
      new Set(["termination/a", "termination/b", "termination/gated"]),
    );
    expect(liftedRules(inputs.rules, service, placement, [{ path: ["service", "on"], value: false }])).toEqual(
      new Set(["termination/b", "termination/gated"]),
    );
  });

  it("names the rules that fail once the overlays are set", () => {
    expect(brokenRules(inputs.rules, service, placement, [{ path: ["service", "b"], value: 1 }])).toEqual(
      new Set(["termination/a", "termination/b", "termination/gated", "termination/needs"]),
    );
  });
});

describe("mitigatePlacement: which plan", () => {
  it("plans nothing and keeps the findings when nothing fails or no mitigation exists", () => {
    const nothingFails = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        mitigationYaml("m", { sets: { "service.a": "0" } }),
        mitigationYaml("up", { sets: { "service.a": "0" }, remediationKind: "upstream" }),
      ],
      {
        a: 0,
      },
    );
    expect(nothingFails.plan).toEqual([]);
    expect(nothingFails.upstream).toEqual([]);
    expect(nothingFails.findings.map((f) => f.status)).toEqual(["pass"]);
    const noMitigation = planFor([ruleYaml("termination/a", { fails: "service.a == 1" })], { a: 1 });
    expect(noMitigation.plan).toEqual([]);
    expect(noMitigation.findings.map((f) => f.status)).toEqual(["fail"]);
  });

  it("orders the plan by effort then id, each step naming what it lifts and its kind", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        ruleYaml("termination/b", { fails: "service.b == 1" }),
        ruleYaml("termination/c", { fails: "service.c == 1" }),
        mitigationYaml("z-fix-a", { sets: { "service.a": "0" }, effort: 1 }),
        mitigationYaml("y-fix-b", { sets: { "service.b": "0" }, effort: 2, remediationKind: "runbook" }),
        mitigationYaml("x-fix-c", { sets: { "service.c": "0" }, effort: 2 }),
      ],
      { a: 1, b: 1, c: 1 },
    );
    expect(outcome.plan).toEqual([
      { mitigation: "z-fix-a", lifts: ["termination/a"], effort: 1, remediationKind: "deployment" },
      { mitigation: "x-fix-c", lifts: ["termination/c"], effort: 2, remediationKind: "deployment" },
      { mitigation: "y-fix-b", lifts: ["termination/b"], effort: 2, remediationKind: "runbook" },
    ]);
    expect(outcome.findings.map((f) => [f.rule, f.status, f.mitigation])).toEqual([
      ["termination/a", "mitigated", "z-fix-a"],
      ["termination/b", "mitigated", "y-fix-b"],
      ["termination/c", "mitigated", "x-fix-c"],
    ]);
  });

  it("prefers the most lifted weight per story point, and of equal ones the cheaper", () => {
    // The medium fix lifts 3 per point, the high one 2.5, the broad one 2 (8 for 5 points): the two
    // narrow fixes (3 points) are planned, never the broad one.
    const outcome = planFor(
      [
        ruleYaml("termination/high", { fails: "service.h == 1" }),
        ruleYaml("termination/medium", { severity: "medium", fails: "service.m == 1" }),
        mitigationYaml("fix-high", { sets: { "service.h": "0" }, effort: 2 }),
        mitigationYaml("fix-medium", { sets: { "service.m": "0" }, effort: 1 }),
        mitigationYaml("fix-both", { sets: { "service.h": "0", "service.m": "0" }, effort: 5 }),
      ],
      { h: 1, m: 1 },
    );
    expect(steps(outcome)).toEqual([
      ["fix-medium", ["termination/medium"]],
      ["fix-high", ["termination/high"]],
    ]);
  });

  it("picks a cheap broad fix over dear narrow ones, and leaves out the narrow ones it makes redundant", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        ruleYaml("termination/b", { fails: "service.b == 1" }),
        mitigationYaml("fix-a", { sets: { "service.a": "0" }, effort: 3 }),
        mitigationYaml("fix-b", { sets: { "service.b": "0" }, effort: 3 }),
        mitigationYaml("fix-both", { sets: { "service.a": "0", "service.b": "0" }, effort: 2 }),
      ],
      { a: 1, b: 1 },
    );
    expect(steps(outcome)).toEqual([["fix-both", ["termination/a", "termination/b"]]]);
  });

  it("lifts an info finding, whose weight is 0, rather than leave it failing", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/note", { severity: "info", fails: "service.n == 1" }),
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        mitigationYaml("fix-note", { sets: { "service.n": "0" }, effort: 5 }),
        mitigationYaml("fix-a", { sets: { "service.a": "0" }, effort: 1 }),
      ],
      { n: 1, a: 1 },
    );
    expect(steps(outcome)).toEqual([
      ["fix-a", ["termination/a"]],
      ["fix-note", ["termination/note"]],
    ]);
  });

  it("adds the cheapest helpers for a rule only several mitigations lift together, and gives it to the first step", () => {
    // termination/both fails while p or q is 1: neither fix lifts it alone, the pair does; fix-p
    // lifts termination/p alone, so it is chosen first and the cheapest fix for q joins it.
    const outcome = planFor(
      [
        ruleYaml("termination/both", { fails: "service.p == 1 || service.q == 1" }),
        ruleYaml("termination/p", { fails: "service.p == 1" }),
        mitigationYaml("fix-p", { sets: { "service.p": "0" }, effort: 2 }),
        mitigationYaml("fix-q", { sets: { "service.q": "0" }, effort: 1 }),
        mitigationYaml("fix-q-dear", { sets: { "service.q": "0" }, effort: 5 }),
        mitigationYaml("useless", { sets: { "service.z": "0" }, effort: 1 }),
      ],
      { p: 1, q: 1 },
    );
    expect(steps(outcome)).toEqual([
      ["fix-q", ["termination/both"]],
      ["fix-p", ["termination/p"]],
    ]);
    expect(outcome.findings.map((f) => [f.rule, f.status, f.mitigation])).toEqual([
      ["termination/both", "mitigated", "fix-q"],
      ["termination/p", "mitigated", "fix-p"],
    ]);
  });

  it("of two equal fixes, plans the one first by id, whether chosen greedily or as a helper", () => {
    const greedy = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        mitigationYaml("fix-a-2", { sets: { "service.a": "0" }, effort: 2 }),
        mitigationYaml("fix-a-1", { sets: { "service.a": "0" }, effort: 2 }),
      ],
      { a: 1 },
    );
    expect(steps(greedy)).toEqual([["fix-a-1", ["termination/a"]]]);
    const helper = planFor(
      [
        ruleYaml("termination/both", { fails: "service.p == 1 || service.q == 1" }),
        ruleYaml("termination/p", { fails: "service.p == 1" }),
        mitigationYaml("fix-p", { sets: { "service.p": "0" }, effort: 2 }),
        mitigationYaml("fix-q-2", { sets: { "service.q": "0" }, effort: 1 }),
        mitigationYaml("fix-q-1", { sets: { "service.q": "0" }, effort: 1 }),
      ],
      { p: 1, q: 1 },
    );
    expect(steps(helper)).toEqual([
      ["fix-q-1", ["termination/both"]],
      ["fix-p", ["termination/p"]],
    ]);
  });

  it("adds the cheapest helper even when a dearer one comes first by id", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/both", { fails: "service.p == 1 || service.q == 1" }),
        ruleYaml("termination/p", { fails: "service.p == 1" }),
        mitigationYaml("fix-p", { sets: { "service.p": "0" }, effort: 2 }),
        mitigationYaml("a-dear-q", { sets: { "service.q": "0" }, effort: 5 }),
        mitigationYaml("b-cheap-q", { sets: { "service.q": "0" }, effort: 1 }),
      ],
      { p: 1, q: 1 },
    );
    expect(steps(outcome)).toEqual([
      ["b-cheap-q", ["termination/both"]],
      ["fix-p", ["termination/p"]],
    ]);
  });

  it("keeps a helper dearer than the step it joins in the plan, with the rule only the pair lifts", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/both", { fails: "service.p == 1 || service.q == 1" }),
        ruleYaml("termination/p", { fails: "service.p == 1" }),
        mitigationYaml("fix-p", { sets: { "service.p": "0" }, effort: 1 }),
        mitigationYaml("fix-q", { sets: { "service.q": "0" }, effort: 3 }),
      ],
      { p: 1, q: 1 },
    );
    expect(steps(outcome)).toEqual([
      ["fix-p", ["termination/p"]],
      ["fix-q", ["termination/both"]],
    ]);
    expect(outcome.plan.reduce((sum, step) => sum + step.effort, 0)).toBe(4);
    expect(outcome.findings.map((f) => [f.rule, f.status, f.mitigation])).toEqual([
      ["termination/both", "mitigated", "fix-q"],
      ["termination/p", "mitigated", "fix-p"],
    ]);
  });

  it("plans the fixes that lift a rule only together, when none of them lifts anything alone", () => {
    // termination/both fails while p or q is 1: fixing one alone lifts nothing, the pair lifts it.
    // The cheapest pair is planned; the dearer fix for q is left out.
    const outcome = planFor(
      [
        ruleYaml("termination/both", { fails: "service.p == 1 || service.q == 1" }),
        mitigationYaml("fix-p", { sets: { "service.p": "0" }, effort: 2 }),
        mitigationYaml("fix-q-dear", { sets: { "service.q": "0" }, effort: 5 }),
        mitigationYaml("fix-q", { sets: { "service.q": "0" }, effort: 1 }),
        mitigationYaml("useless", { sets: { "service.z": "0" }, effort: 1 }),
      ],
      { p: 1, q: 1 },
    );
    expect(steps(outcome)).toEqual([
      ["fix-q", ["termination/both"]],
      ["fix-p", []],
    ]);
    expect(outcome.findings.map((f) => [f.rule, f.status, f.mitigation])).toEqual([["termination/both", "mitigated", "fix-q"]]);
  });

  it("plans no pair whose fixes together break a rule that holds", () => {
    // The only pair that lifts termination/both also makes termination/guard fail: nothing is planned.
    const outcome = planFor(
      [
        ruleYaml("termination/both", { fails: "service.p == 1 || service.q == 1" }),
        ruleYaml("termination/guard", { fails: "service.p == 0 && service.q == 0" }),
        mitigationYaml("fix-p", { sets: { "service.p": "0" }, effort: 1 }),
        mitigationYaml("fix-q", { sets: { "service.q": "0" }, effort: 1 }),
      ],
      { p: 1, q: 1 },
    );
    expect(steps(outcome)).toEqual([]);
    expect(outcome.findings.map((f) => [f.rule, f.status])).toEqual([
      ["termination/both", "fail"],
      ["termination/guard", "pass"],
    ]);
  });

  it("considers a user's mitigation only within the run's evaluation budget, and names it once left out", () => {
    const documents = [
      ruleYaml("termination/a", { fails: "service.a == 1" }),
      mitigationYaml("fix-a", { applies: "service.a == 1", sets: { "service.a": "service.a - 1" }, effort: 1 }),
    ];
    const setup = world(documents, { a: 1 });
    const [fix] = setup.inputs.mitigations;
    if (!fix) throw new Error("fixture");
    const cost = fix.applies.cost + fix.sets.reduce((sum, set) => sum + set.expression.cost, 0);
    expect(cost).toBeGreaterThan(0);
    const plan = (budget: RunBudget) => outcomeIn(setup, budget).plan.map((step) => step.mitigation);
    // Room for one consideration: the first plan has it, the second does not, and says why.
    const budget = createRunBudget([], cost, ["fix-a"]);
    expect(plan(budget)).toEqual(["fix-a"]);
    expect(budget.spent).toBe(cost);
    expect([...budget.skippedMitigations]).toEqual([]);
    expect(plan(budget)).toEqual([]);
    expect(budget.exhausted).toBe(true);
    expect([...budget.skippedMitigations]).toEqual(["fix-a"]);
    // A mitigation the budget does not hold (a built-in one) is considered as ever.
    expect(plan(createRunBudget([], 0))).toEqual(["fix-a"]);
  });

  it("gives a rule lifted alone by a later step to that step, not to the first one", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        ruleYaml("termination/b", { fails: "service.b == 1" }),
        mitigationYaml("cheap-a", { sets: { "service.a": "0" }, effort: 1 }),
        mitigationYaml("dear-b", { sets: { "service.b": "0" }, effort: 3 }),
      ],
      { a: 1, b: 1 },
    );
    expect(steps(outcome)).toEqual([
      ["cheap-a", ["termination/a"]],
      ["dear-b", ["termination/b"]],
    ]);
  });

  it("plans nothing that lifts nothing, and never an upstream change, whose fit is reported apart, by id", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        ruleYaml("termination/b", { fails: "service.b == 1" }),
        mitigationYaml("fix-a", { sets: { "service.a": "0" }, effort: 2 }),
        mitigationYaml("noop", { sets: { "service.z": "0" }, effort: 1 }),
        mitigationYaml("up-z", { sets: { "service.b": "0" }, effort: 1, remediationKind: "upstream" }),
        mitigationYaml("up-b", { sets: { "service.b": "0", "service.a": "0" }, effort: 1, remediationKind: "upstream" }),
        mitigationYaml("up-none", { sets: { "service.z": "1" }, effort: 1, remediationKind: "upstream" }),
      ],
      { a: 1, b: 1 },
    );
    expect(steps(outcome)).toEqual([["fix-a", ["termination/a"]]]);
    expect(outcome.findings.map((f) => [f.rule, f.status, f.mitigation])).toEqual([
      ["termination/a", "mitigated", "fix-a"],
      ["termination/b", "fail", undefined],
    ]);
    // With fix-a, both upstream fixes lift b; up-none lifts nothing more, so the fit stays lower.
    expect(outcome.upstream.map((u) => u.mitigation)).toEqual(["up-b", "up-none", "up-z"]);
    const fits = new Map(outcome.upstream.map((u) => [u.mitigation, u.fit]));
    expect(fits.get("up-b")).toBe("ready-with-mitigations");
    expect(fits.get("up-z")).toBe("ready-with-mitigations");
    expect(fits.get("up-none")).not.toBe("ready-with-mitigations");
  });

  it("leaves out an upstream change that would make a holding rule fail with the plan", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        ruleYaml("termination/b", { fails: "service.b == 1" }),
        ruleYaml("termination/keep", { fails: "service.k == 1" }),
        mitigationYaml("fix-a", { sets: { "service.a": "0" }, effort: 1 }),
        mitigationYaml("up-bad", { sets: { "service.b": "0", "service.k": "1" }, effort: 1, remediationKind: "upstream" }),
        mitigationYaml("up-good", { sets: { "service.b": "0" }, effort: 1, remediationKind: "upstream" }),
      ],
      { a: 1, b: 1, k: 0 },
    );
    expect(outcome.upstream.map((u) => u.mitigation)).toEqual(["up-good"]);
  });

  it("leaves out an upstream change that breaks a holding rule only together with the plan", () => {
    // fix-a sets p and up-q sets q: alone neither breaks termination/keep, together they do.
    const outcome = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        ruleYaml("termination/b", { fails: "service.b == 1" }),
        ruleYaml("termination/keep", { fails: "service.p == 1 && service.q == 1" }),
        mitigationYaml("fix-a", { sets: { "service.a": "0", "service.p": "1" }, effort: 1 }),
        mitigationYaml("up-q", { sets: { "service.b": "0", "service.q": "1" }, effort: 1, remediationKind: "upstream" }),
        mitigationYaml("up-clean", { sets: { "service.b": "0" }, effort: 1, remediationKind: "upstream" }),
      ],
      { a: 1, b: 1, p: 0, q: 0 },
    );
    expect(steps(outcome)).toEqual([["fix-a", ["termination/a"]]]);
    expect(outcome.upstream.map((u) => u.mitigation)).toEqual(["up-clean"]);
  });

  it("never plans a mitigation that breaks a rule that does not apply as-is", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        ruleYaml("termination/dormant", { when: "service.on", fails: "true" }),
        mitigationYaml("wake", { sets: { "service.a": "0", "service.on": "true" }, effort: 1 }),
        mitigationYaml("quiet", { sets: { "service.a": "0" }, effort: 5 }),
      ],
      { a: 1, on: false },
    );
    expect(steps(outcome)).toEqual([["quiet", ["termination/a"]]]);
  });

  it("plans nothing when the only mitigations cannot be evaluated or do not apply", () => {
    const outcome = planFor(
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        mitigationYaml("missing", { sets: { "service.a": "service.nothing" }, effort: 1 }),
        mitigationYaml("elsewhere", { placements: ["pin"], sets: { "service.a": "0" }, effort: 1 }),
      ],
      { a: 1 },
    );
    expect(outcome.plan).toEqual([]);
    expect(outcome.findings.map((f) => f.status)).toEqual(["fail"]);
  });
});

describe("plans shared within a run (PlanMemo)", () => {
  /** Each subject's outcome in one run sharing a memo, beside its outcome planned alone. */
  function sharedAndAlone(documents: readonly string[], subjects: readonly Record<string, unknown>[]) {
    const memo = createPlanMemo();
    const base = world(documents, {});
    return subjects.map((facts) => {
      const here = { ...base, service: caseService({ name: "svc", ...facts }) };
      return { shared: outcomeIn(here, undefined, memo), alone: outcomeIn(here), memo };
    });
  }

  it("plans once for subjects that differ only in facts no rule or mitigation reads", () => {
    const documents = [ruleYaml("termination/a", { fails: "service.a == 1" }), mitigationYaml("m", { sets: { "service.a": "0" } })];
    const outcomes = sharedAndAlone(documents, [
      { a: 1, host: "one" },
      { a: 1, host: "two" },
    ]);
    expect(outcomes[0]?.memo.plans.size).toBe(1);
    for (const { shared, alone } of outcomes) expect(shared).toEqual(alone);
    expect(steps(outcomes[1]?.shared as MitigateOutcome)).toEqual([["m", ["termination/a"]]]);
  });

  const planAgain: [string, string[], Record<string, unknown>[]][] = [
    [
      "what a mitigation sets differs",
      [ruleYaml("termination/a", { fails: "service.a == 1" }), mitigationYaml("m", { sets: { "service.a": "service.b" } })],
      [
        { a: 1, b: 0 },
        { a: 1, b: 1 },
      ],
    ],
    [
      // The guard holds as-is for both; with `a` set to 0 it fails only where c is 1, so the plan differs.
      "a rule that reads what a mitigation sets reads other facts that differ",
      [
        ruleYaml("termination/a", { fails: "service.a == 1" }),
        ruleYaml("termination/guard", { fails: "service.a == 0 && service.c == 1" }),
        mitigationYaml("m", { sets: { "service.a": "0" } }),
      ],
      [
        { a: 1, c: 0 },
        { a: 1, c: 1 },
      ],
    ],
  ];

  it.each(planAgain)("plans again when %s", (_name, documents, subjects) => {
    const outcomes = sharedAndAlone(documents, subjects);
    for (const { shared, alone } of outcomes) expect(shared).toEqual(alone);
    expect(outcomes.map(({ shared }) => steps(shared))).toEqual([[["m", ["termination/a"]]], []]);
  });

  it("plans again when a finding's status differs, though no rule whose status differs reads what is set", () => {
    const documents = [
      ruleYaml("termination/a", { fails: "service.a == 1" }),
      ruleYaml("termination/x", { fails: "service.x == 1" }),
      mitigationYaml("up", { sets: { "service.a": "0" }, remediationKind: "upstream" }),
    ];
    const outcomes = sharedAndAlone(documents, [
      { a: 1, x: 0 },
      { a: 1, x: 1 },
    ]);
    for (const { shared, alone } of outcomes) expect(shared).toEqual(alone);
    const fits = outcomes.map(({ shared }) => shared.upstream.map((u) => u.fit));
    expect(fits[0]).not.toEqual(fits[1]);
  });

  it("shares nothing while the run's budget holds a mitigation: each consideration is charged", () => {
    const documents = [ruleYaml("termination/a", { fails: "service.a == 1" }), mitigationYaml("m", { sets: { "service.a": "0" } })];
    const { inputs, placement, mitigation } = world(documents, {});
    const m = mitigation("m");
    const budget = createRunBudget([], m.applies.cost + (m.sets[0]?.expression.cost ?? 0), ["m"]);
    const memo = createPlanMemo();
    const plans = [1, 2].map((n) => {
      const service = caseService({ name: "svc", a: 1, n });
      const findings = evaluateRules(inputs.rules, service, placement);
      const settings = DEFAULT_SCORING;
      return mitigatePlacement({ ...inputs, service, placement, findings, settings, ruleIndex: new Map(), budget, memo });
    });
    expect(plans.map(steps)).toEqual([[["m", ["termination/a"]]], []]);
    expect(budget.skippedMitigations).toEqual(new Set(["m"]));
  });

  it("gives a later subject with the same key the plan and readiness the memo holds, without planning again", () => {
    const documents = [ruleYaml("termination/a", { fails: "service.a == 1" }), mitigationYaml("m", { sets: { "service.a": "0" } })];
    const base = world(documents, {});
    const memo = createPlanMemo();
    outcomeIn({ ...base, service: caseService({ name: "svc", a: 1, host: "one" }) }, undefined, memo);
    expect(memo.plans.size).toBe(1);
    expect(memo.ready.get("f")).toBe(false);
    // What the memo holds is what a later subject gets: changed here, it shows.
    const held = { mitigation: "held", lifts: [], effort: 9, remediationKind: "deployment" as const };
    for (const key of memo.plans.keys()) memo.plans.set(key, { owner: new Map(), plan: [held], upstream: [] });
    const second = outcomeIn({ ...base, service: caseService({ name: "svc", a: 1, host: "two" }) }, undefined, memo);
    expect(second.plan).toEqual([held]);
    expect(second.findings.map((f) => f.status)).toEqual(["fail"]);
    // A status list the memo holds as ready is ready, with no plan.
    memo.ready.set("f", true);
    expect(outcomeIn({ ...base, service: caseService({ name: "svc", a: 1, host: "three" }) }, undefined, memo).plan).toEqual([]);
  });

  it("marks each subject's own findings, with their own messages", () => {
    const documents = [
      ruleYaml("termination/a", { fails: "service.a == 1", message: "{{service.host}} fails" }),
      mitigationYaml("m", { sets: { "service.a": "0" } }),
    ];
    const outcomes = sharedAndAlone(documents, [
      { a: 1, host: "one" },
      { a: 1, host: "two" },
    ]);
    expect(outcomes.map(({ shared }) => shared.findings.map((f) => [f.status, f.message]))).toEqual([
      [["mitigated", "one fails"]],
      [["mitigated", "two fails"]],
    ]);
  });
});
