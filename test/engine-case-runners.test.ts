import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMitigationTests } from "../src/engine/mitigation-test.js";
import { casePlacement, caseService, runRuleTests } from "../src/engine/rule-test.js";
import { loadDocuments } from "../src/load/documents.js";
import { ROOT } from "./helpers/cli.js";

const placementFiles = ["k8s-scheduled", "poci"].map((name) => {
  const file = join("rules", "placements", `${name}.yaml`);
  return { file, text: readFileSync(join(ROOT, file), "utf8") };
});

/** One rule: a graceful shutdown longer than the placement's grace fails. */
const RULE = `apiVersion: blendcheck/v1
kind: Rule
id: termination/slow-stop
title: The grace covers the shutdown
dimension: termination
severity: high
trigger: sigkill
when: service.process.sigterm == "graceful"
fails: service.process.shutdownSeconds > placement.graceSeconds
message: "{{service.name}} stops slowly"
rationale: It matters.
remediation: Raise the grace.
effort: 1
references: [{ title: Pod termination, url: "https://kubernetes.io/docs/concepts/workloads/pods/pod-termination/" }]
`;

/** A second rule that every graceful service passes, so no mitigation can lift it. */
const HOLDING_RULE = RULE.replace("id: termination/slow-stop", "id: termination/always-holds").replace(
  "fails: service.process.shutdownSeconds > placement.graceSeconds",
  'fails: "false"',
);

const MITIGATION = `apiVersion: blendcheck/v1
kind: Mitigation
id: longer-grace
title: Raise the grace above the shutdown time
placements: [k8s-scheduled]
applies: has(service.process.shutdownSeconds)
sets:
  placement.graceSeconds: service.process.shutdownSeconds + 30
remediationKind: deployment
effort: 1
cost: Slower drains.
rationale: The kubelet kills only when the grace ends.
references: [{ title: Pod termination, url: "https://kubernetes.io/docs/concepts/workloads/pods/pod-termination/" }]
`;

function load(files: { file: string; text: string }[]) {
  const loaded = loadDocuments([...placementFiles, ...files]);
  expect(loaded.problems).toEqual([]);
  return loaded;
}

describe("runRuleTests", () => {
  it("reports each case with its file, the line of its name, and the verdict against the expected one", () => {
    const tests = `apiVersion: blendcheck/v1
kind: RuleTest
rule: termination/slow-stop
cases:
  - name: slow
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: fail
  - name: wrongly expected to pass
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: pass
  - name: longer grace given by the case
    placement: k8s-scheduled
    placementOverrides: { graceSeconds: 600 }
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: pass
`;
    const loaded = load([
      { file: "rules/termination/slow-stop.yaml", text: RULE },
      { file: "rules/termination/slow-stop.test.yaml", text: tests },
    ]);
    const report = runRuleTests(loaded.rules, loaded.ruleTests, loaded.placements);
    expect(report.cases).toEqual([
      {
        rule: "termination/slow-stop",
        name: "slow",
        file: "rules/termination/slow-stop.test.yaml",
        line: 5,
        expected: "fail",
        actual: "fail",
        ok: true,
      },
      {
        rule: "termination/slow-stop",
        name: "wrongly expected to pass",
        file: "rules/termination/slow-stop.test.yaml",
        line: 9,
        expected: "pass",
        actual: "fail",
        ok: false,
      },
      {
        rule: "termination/slow-stop",
        name: "longer grace given by the case",
        file: "rules/termination/slow-stop.test.yaml",
        line: 13,
        expected: "pass",
        actual: "pass",
        ok: true,
      },
    ]);
    expect(report.uncovered).toEqual([]);
    expect(report.orphans).toEqual([]);
  });

  it("says which facts an unknown verdict misses, names a placement that does not exist, and lists orphan tests", () => {
    const tests = `apiVersion: blendcheck/v1
kind: RuleTest
rule: termination/slow-stop
cases:
  - name: no shutdown time
    placement: k8s-scheduled
    service: { process: { sigterm: graceful } }
    expect: pass
  - name: no such placement
    placement: mesos
    service: { process: { sigterm: graceful, shutdownSeconds: 1 } }
    expect: pass
---
apiVersion: blendcheck/v1
kind: RuleTest
rule: termination/gone
cases:
  - name: anything
    placement: poci
    service: {}
    expect: pass
  - name: anything else
    placement: poci
    service: {}
    expect: fail
`;
    const loaded = load([
      { file: "rules/termination/slow-stop.yaml", text: RULE },
      { file: "rules/termination/slow-stop.test.yaml", text: tests },
    ]);
    const report = runRuleTests(loaded.rules, loaded.ruleTests, loaded.placements);
    expect(report.cases.map(({ name, actual, ok, detail }) => ({ name, actual, ok, detail }))).toEqual([
      { name: "no shutdown time", actual: "unknown", ok: false, detail: "missing service.process.shutdownSeconds" },
      { name: "no such placement", actual: "error", ok: false, detail: "no placement named mesos" },
    ]);
    expect(report.orphans).toEqual([{ rule: "termination/gone", file: "rules/termination/slow-stop.test.yaml" }]);
  });

  it("gives no detail to a decided case", () => {
    const tests = `apiVersion: blendcheck/v1
kind: RuleTest
rule: termination/slow-stop
cases:
  - name: quick
    placement: poci
    service: { process: { sigterm: graceful, shutdownSeconds: 1 } }
    expect: pass
  - name: quick again
    placement: poci
    service: { process: { sigterm: graceful, shutdownSeconds: 2 } }
    expect: pass
`;
    const loaded = load([
      { file: "rules/termination/slow-stop.yaml", text: RULE },
      { file: "rules/termination/slow-stop.test.yaml", text: tests },
    ]);
    const [only] = runRuleTests(loaded.rules, loaded.ruleTests, loaded.placements).cases;
    expect(only).not.toHaveProperty("detail");
  });

  it("names the expectations a required rule lacks, counting what a case expects rather than what it gets", () => {
    const tests = `apiVersion: blendcheck/v1
kind: RuleTest
rule: termination/slow-stop
cases:
  - name: expects a pass that is a fail
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: pass
  - name: a pass
    placement: poci
    service: { process: { sigterm: graceful, shutdownSeconds: 1 } }
    expect: pass
`;
    const loaded = load([
      { file: "rules/termination/slow-stop.yaml", text: RULE },
      { file: "rules/termination/always-holds.yaml", text: HOLDING_RULE },
      { file: "rules/termination/slow-stop.test.yaml", text: tests },
    ]);
    const report = runRuleTests(loaded.rules, loaded.ruleTests, loaded.placements, { requireCoverage: loaded.rules });
    expect(report.uncovered).toEqual([
      { rule: "termination/slow-stop", file: "rules/termination/slow-stop.yaml", missing: ["fail"] },
      { rule: "termination/always-holds", file: "rules/termination/always-holds.yaml", missing: ["pass", "fail"] },
    ]);
    expect(runRuleTests(loaded.rules, loaded.ruleTests, loaded.placements).uncovered).toEqual([]);
  });
});

describe("caseService and casePlacement", () => {
  it("names a case's service by its name fact when that is a string, and `case` otherwise", () => {
    expect(caseService({ name: "keystone" }).name).toBe("keystone");
    expect(caseService({}).name).toBe("case");
    expect(caseService({ name: 7 }).name).toBe("case");
    const service = caseService({ name: "keystone", port: 5000 });
    expect(service.facts).toEqual({ name: "keystone", port: 5000 });
    expect(service.cel.port).toBe(5000n);
  });

  it("builds a placement from its spec without the evidence, with the case's overrides on top", () => {
    const loaded = load([]);
    const spec = loaded.placements.find((p) => p.value.metadata.name === "k8s-scheduled")?.value;
    if (!spec) throw new Error("k8s-scheduled placement missing");
    const plain = casePlacement(spec, undefined);
    expect(plain.name).toBe("k8s-scheduled");
    expect(plain.title).toBe(spec.metadata.title);
    expect(plain.detected).toBe(false);
    expect(plain.placement).toBe(spec);
    expect(plain.facts).not.toHaveProperty("evidence");
    expect(plain.facts).toMatchObject({ name: "k8s-scheduled", title: spec.metadata.title, graceSeconds: spec.spec.graceSeconds });
    const longer = casePlacement(spec, { graceSeconds: 600, name: "renamed" });
    expect(longer.facts).toMatchObject({ graceSeconds: 600, name: "renamed" });
    expect(longer.cel.graceSeconds).toBe(600n);
  });
});

describe("runMitigationTests", () => {
  const rules = [
    { file: "rules/termination/slow-stop.yaml", text: RULE },
    { file: "rules/termination/always-holds.yaml", text: HOLDING_RULE },
    { file: "rules/mitigations/longer-grace.yaml", text: MITIGATION },
  ];

  it("reports whether the mitigation applies and which failing rules it lifts, each case at the line of its name", () => {
    const tests = `apiVersion: blendcheck/v1
kind: MitigationTest
mitigation: longer-grace
cases:
  - name: lifts the slow stop
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: { applies: true, lifts: [termination/slow-stop] }
  - name: applies, lifting nothing asked
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: { applies: true }
  - name: no shutdown time
    placement: k8s-scheduled
    service: { process: { sigterm: graceful } }
    expect: { applies: false }
  - name: not its placement
    placement: poci
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: { applies: false }
`;
    const loaded = load([...rules, { file: "rules/mitigations/longer-grace.test.yaml", text: tests }]);
    const report = runMitigationTests(loaded.mitigations, loaded.rules, loaded.mitigationTests, loaded.placements, {
      requireCoverage: loaded.mitigations,
    });
    const at = { mitigation: "longer-grace", file: "rules/mitigations/longer-grace.test.yaml" };
    expect(report.cases).toEqual([
      {
        ...at,
        name: "lifts the slow stop",
        line: 5,
        expected: "applies, lifts [termination/slow-stop]",
        actual: "applies, lifts [termination/slow-stop]",
        ok: true,
      },
      {
        ...at,
        name: "applies, lifting nothing asked",
        line: 9,
        expected: "applies",
        actual: "applies, lifts [termination/slow-stop]",
        ok: true,
      },
      { ...at, name: "no shutdown time", line: 13, expected: "does not apply", actual: "does not apply", ok: true },
      { ...at, name: "not its placement", line: 17, expected: "does not apply", actual: "does not apply", ok: true },
    ]);
    expect(report.uncovered).toEqual([]);
    expect(report.orphans).toEqual([]);
  });

  it("fails a case whose lift does not happen or whose applicability is wrong, and sorts the rules it lists", () => {
    const tests = `apiVersion: blendcheck/v1
kind: MitigationTest
mitigation: longer-grace
cases:
  - name: nothing to lift
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 5 } }
    expect: { applies: true, lifts: [termination/slow-stop, termination/always-holds] }
  - name: expected not to apply
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: { applies: false }
  - name: expected to apply
    placement: poci
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: { applies: true }
  - name: no such placement
    placement: mesos
    service: {}
    expect: { applies: false }
`;
    const loaded = load([...rules, { file: "rules/mitigations/longer-grace.test.yaml", text: tests }]);
    const report = runMitigationTests(loaded.mitigations, loaded.rules, loaded.mitigationTests, loaded.placements);
    expect(report.cases.map(({ name, expected, actual, ok }) => ({ name, expected, actual, ok }))).toEqual([
      {
        name: "nothing to lift",
        expected: "applies, lifts [termination/always-holds, termination/slow-stop]",
        actual: "applies, lifts []",
        ok: false,
      },
      { name: "expected not to apply", expected: "does not apply", actual: "applies, lifts [termination/slow-stop]", ok: false },
      { name: "expected to apply", expected: "applies", actual: "does not apply", ok: false },
      { name: "no such placement", expected: "does not apply", actual: "error: no placement named mesos", ok: false },
    ]);
  });

  it("fails a case whose mitigation applies but cannot compute what it sets", () => {
    const broken = MITIGATION.replace("service.process.shutdownSeconds + 30", "service.process.drainSeconds + 30");
    const tests = `apiVersion: blendcheck/v1
kind: MitigationTest
mitigation: longer-grace
cases:
  - name: applies without the fact it sets from
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: { applies: true }
  - name: not its placement
    placement: poci
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: { applies: false }
`;
    const loaded = load([
      rules[0] as { file: string; text: string },
      { file: "rules/mitigations/longer-grace.yaml", text: broken },
      { file: "rules/mitigations/longer-grace.test.yaml", text: tests },
    ]);
    const [broke, offPlacement] = runMitigationTests(loaded.mitigations, loaded.rules, loaded.mitigationTests, loaded.placements).cases;
    expect(broke).toMatchObject({ actual: "applies, but a `sets` expression reads a missing fact", ok: false });
    expect(offPlacement).toMatchObject({ actual: "does not apply", ok: true });
  });

  it("names the cases a required mitigation lacks, and test files for a mitigation that does not exist", () => {
    const tests = `apiVersion: blendcheck/v1
kind: MitigationTest
mitigation: longer-grace
cases:
  - name: applies but is not asked to lift
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: { applies: true, lifts: [] }
  - name: applies, nothing asked
    placement: k8s-scheduled
    service: { process: { sigterm: graceful, shutdownSeconds: 180 } }
    expect: { applies: true }
---
apiVersion: blendcheck/v1
kind: MitigationTest
mitigation: gone
cases:
  - name: anything
    placement: poci
    service: {}
    expect: { applies: false }
  - name: anything else
    placement: poci
    service: {}
    expect: { applies: false }
`;
    const loaded = load([...rules, { file: "rules/mitigations/longer-grace.test.yaml", text: tests }]);
    const report = runMitigationTests(loaded.mitigations, loaded.rules, loaded.mitigationTests, loaded.placements, {
      requireCoverage: loaded.mitigations,
    });
    expect(report.uncovered).toEqual([
      { mitigation: "longer-grace", file: "rules/mitigations/longer-grace.yaml", missing: ["applies and lifts", "does not apply"] },
    ]);
    expect(report.orphans).toEqual([{ mitigation: "gone", file: "rules/mitigations/longer-grace.test.yaml" }]);
    expect(runMitigationTests(loaded.mitigations, loaded.rules, loaded.mitigationTests, loaded.placements).uncovered).toEqual([]);
  });
});
