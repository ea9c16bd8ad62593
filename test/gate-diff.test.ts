import { describe, expect, it } from "vitest";
import { diffAssessments } from "../src/gate/diff.js";
import type { PlacementResult } from "../src/model/assessment.js";
import { sampleAssessment, sampleFinding, sampleResult } from "./gate-sample.js";

/** A result whose every dimension scores `score`, with the given fit. */
function resultAt(score: number, fit: PlacementResult["fit"] = "needs-work", placement = "k8s-scheduled"): PlacementResult {
  const scores = { "twelve-factor": score, "ip-movement": score, termination: score, overall: score };
  return sampleResult({ placement, scores, fit });
}

describe("diffAssessments on scores and fits", () => {
  it("is worse when one score drops even though another rises, and lists only the scores that moved", () => {
    const before = sampleAssessment([], { s: [resultAt(50)] });
    const after = sampleAssessment([], { s: [{ ...resultAt(50), scores: { ...resultAt(50).scores, overall: 60, termination: 49 } }] });
    const diff = diffAssessments(before, after);
    expect(diff.changes).toEqual([
      {
        service: "s",
        placement: "k8s-scheduled",
        scores: [
          { key: "overall", before: 50, after: 60 },
          { key: "termination", before: 50, after: 49 },
        ],
        fit: null,
        worse: true,
      },
    ]);
    expect(diff.regressed).toBe(true);
  });

  it("is not worse when every moved score rose", () => {
    const diff = diffAssessments(sampleAssessment([], { s: [resultAt(50)] }), sampleAssessment([], { s: [resultAt(51)] }));
    expect(diff.changes.map((c) => c.worse)).toEqual([false]);
    expect(diff.regressed).toBe(false);
  });

  it("reports a fit that moved on its own, worse one way and better the other", () => {
    const ready = sampleAssessment([], { s: [resultAt(70, "ready")] });
    const needsWork = sampleAssessment([], { s: [resultAt(70, "needs-work")] });
    const down = diffAssessments(ready, needsWork);
    expect(down.changes).toEqual([
      { service: "s", placement: "k8s-scheduled", scores: [], fit: { before: "ready", after: "needs-work" }, worse: true },
    ]);
    expect(down.regressed).toBe(true);
    const up = diffAssessments(needsWork, ready);
    expect(up.changes.map((c) => [c.fit, c.worse])).toEqual([[{ before: "needs-work", after: "ready" }, false]]);
    expect(up.regressed).toBe(false);
  });

  it("shows a pair present on one side only with null on the other, and neither side counts as worse", () => {
    const one = sampleAssessment([], { s: [resultAt(80, "ready")] });
    const two = sampleAssessment([], { s: [resultAt(80, "ready"), resultAt(10, "not-fit", "swarm")] });
    const added = diffAssessments(one, two);
    expect(added.changes).toHaveLength(1);
    expect(added.changes[0]).toMatchObject({ service: "s", placement: "swarm", fit: { before: null, after: "not-fit" }, worse: false });
    expect(added.changes[0]?.scores.map((s) => [s.key, s.before, s.after])).toEqual([
      ["overall", null, 10],
      ["twelve-factor", null, 10],
      ["ip-movement", null, 10],
      ["termination", null, 10],
    ]);
    const removed = diffAssessments(two, one);
    expect(removed.changes[0]).toMatchObject({ placement: "swarm", fit: { before: "not-fit", after: null }, worse: false });
    expect(removed.regressed).toBe(false);
  });

  it("orders changes by service then placement, and names a workload's subject as its key", () => {
    const workload = { kind: "Deployment", namespace: "ns", name: "api", file: "a.yaml", line: 3 };
    const before = sampleAssessment([], {
      b: [resultAt(50, "needs-work", "swarm"), resultAt(50, "needs-work", "poci")],
      a: [resultAt(50)],
    });
    const after = sampleAssessment([], { b: [resultAt(40, "needs-work", "swarm"), resultAt(40, "needs-work", "poci")], a: [resultAt(40)] });
    expect(diffAssessments(before, after).changes.map((c) => `${c.service} ${c.placement}`)).toEqual([
      "a k8s-scheduled",
      "b poci",
      "b swarm",
    ]);
    const withWorkload = (a: typeof before) => ({ ...a, services: a.services.map((s) => ({ ...s, workload })) });
    expect(diffAssessments(withWorkload(before), withWorkload(after)).changes[0]?.service).toBe("a[Deployment ns/api]");
  });
});

describe("diffAssessments on findings", () => {
  it("regresses on a new failing finding alone, and keys findings by service, rule and placement, not by message or line", () => {
    const old = sampleFinding({ message: "old words", locations: [{ file: "a.yaml", line: 1, column: 1 }] });
    const moved = sampleFinding({ message: "new words", locations: [{ file: "a.yaml", line: 9, column: 1 }] });
    expect(diffAssessments(sampleAssessment([old]), sampleAssessment([moved]))).toMatchObject({ newFindings: [], goneFindings: [] });
    const added = sampleFinding({ placement: "swarm" });
    const diff = diffAssessments(sampleAssessment([old]), sampleAssessment([moved, added]));
    expect(diff.changes).toEqual([]);
    expect(diff.regressed).toBe(true);
    expect(diff.newFindings).toEqual([
      { service: "demo-worker", placement: "swarm", rule: added.rule, severity: "high", message: added.message },
    ]);
  });

  it("counts only failing findings: a mitigated, waived, unknown or passing one is neither new nor gone", () => {
    for (const status of ["mitigated", "waived", "unknown", "pass"] as const) {
      const other = sampleFinding({ status });
      const diff = diffAssessments(sampleAssessment([]), sampleAssessment([other]));
      expect(diff.newFindings).toEqual([]);
      expect(diffAssessments(sampleAssessment([other]), sampleAssessment([])).goneFindings).toEqual([]);
    }
  });

  it("lists new and gone findings by service, placement and rule, a workload's finding under its subject key", () => {
    const workload = { kind: "StatefulSet", namespace: "", name: "db", file: "db.yaml", line: 1 };
    const findings = [
      sampleFinding({ service: "b", rule: "r/a" }),
      sampleFinding({ service: "a", rule: "r/z", placement: "swarm" }),
      sampleFinding({ service: "a", rule: "r/y", placement: "swarm" }),
      sampleFinding({ service: "a", rule: "r/z", placement: "poci" }),
      sampleFinding({ service: "c", rule: "r/a", workload }),
    ];
    const order = ["a poci r/z", "a swarm r/y", "a swarm r/z", "b k8s-scheduled r/a", "c[StatefulSet db] k8s-scheduled r/a"];
    const label = (f: { service: string; placement: string; rule: string }) => `${f.service} ${f.placement} ${f.rule}`;
    expect(diffAssessments(sampleAssessment([]), sampleAssessment(findings)).newFindings.map(label)).toEqual(order);
    expect(diffAssessments(sampleAssessment(findings), sampleAssessment([])).goneFindings.map(label)).toEqual(order);
  });
});
