import { describe, expect, it } from "vitest";
import { findingOfWorkload, SharedFindings } from "../src/engine/workload-findings.js";
import type { Finding, Workload } from "../src/model/assessment.js";

function workload(name: string, line: number, file = "deploy.yaml"): Workload {
  return { kind: "Deployment", namespace: "openstack", name, file, line };
}

function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: "ip-movement/no-ip-in-config",
    service: "nova-api",
    placement: "k8s-scheduled",
    status: "fail",
    severity: "high",
    dimension: "ip-movement",
    trigger: "ip-change",
    effort: 2,
    message: "nova-api writes its pod IP into its configuration",
    locations: [{ file: "values.yaml", line: 7, column: 3 }],
    ...overrides,
  };
}

/** The finding with a workload where the schema puts the key: third, after the rule and the service. */
function withWorkloadThird(original: Finding, named: Workload): Finding {
  const { rule, service, ...rest } = original;
  return { rule, service, workload: named, ...rest };
}

describe("findingOfWorkload: a finding as one workload reports it", () => {
  it("is the finding with the workload and the locations given, keys in the order a spread gives", () => {
    const at = workload("nova-api", 12);
    const cited = [{ file: "nova.yaml", line: 40, column: 9 }];
    for (const original of [
      finding(),
      finding({ status: "unknown", missing: ["service.process.startSeconds"], locations: [] }),
      finding({ status: "mitigated", mitigation: "uwsgi-die-on-term" }),
      finding({ status: "waived", waiver: { reason: "accepted", owner: "ops", expires: "2027-01-01" } }),
      // A finding that names a workload already has the key third, where the schema puts it.
      withWorkloadThird(finding(), workload("other", 3)),
    ]) {
      const spread = { ...original, locations: cited, workload: at };
      const copy = findingOfWorkload(original, at, cited);
      expect(copy).toEqual(spread);
      expect(Object.keys(copy)).toEqual(Object.keys(spread));
      expect(JSON.stringify(copy)).toBe(JSON.stringify(spread));
      expect(copy).not.toBe(original);
    }
  });

  it("cites the finding's own locations when given none", () => {
    const original = finding();
    expect(findingOfWorkload(original, workload("nova-api", 12)).locations).toBe(original.locations);
  });
});

/** Shared findings of a run that assessed `count` workloads of each service named (nova-api when none is). */
function assessed(count: number, ...services: string[]): SharedFindings {
  const shared = new SharedFindings();
  for (const service of services.length > 0 ? services : ["nova-api"]) for (let i = 0; i < count; i++) shared.assessing(service);
  return shared;
}

describe("SharedFindings: findings that may hold for every workload of a service", () => {
  it("keeps a finding once only when every workload of the service reports it: not when one reports nothing of it", () => {
    // Three workloads of the service, one a Job to which the rule does not apply: it reports nothing.
    const shared = assessed(3);
    const [a, b] = [workload("nova-api", 12), workload("nova-api", 12, "other.yaml")];
    shared.add(finding(), a);
    shared.add(finding({ locations: [{ file: "values.yaml", line: 90, column: 3 }] }), b);
    expect(shared.resolve()).toEqual([
      { ...finding(), workload: a },
      { ...finding(), locations: [], workload: b },
    ]);
    // Nor when the service's workloads were never counted.
    const uncounted = new SharedFindings();
    uncounted.add(finding(), a);
    uncounted.add(finding(), b);
    expect(uncounted.resolve().map((f) => f.workload)).toEqual([a, b]);
  });

  it("keeps a finding of one workload as that workload's, with its locations", () => {
    const shared = assessed(1);
    const only = workload("nova-api", 12);
    shared.add(finding(), only);
    expect(shared.resolve()).toEqual([{ ...finding(), workload: only }]);
  });

  it("keeps a finding every workload agrees on once, with no workload and no locations", () => {
    const shared = assessed(3);
    shared.add(finding(), workload("nova-api", 12));
    shared.add(finding({ locations: [{ file: "values.yaml", line: 90, column: 3 }] }), workload("nova-api-2", 60));
    shared.add(finding(), workload("nova-api-3", 1, "other.yaml"));
    expect(shared.resolve()).toEqual([{ ...finding(), locations: [] }]);
    // Two files, one line: two workloads.
    const twoFiles = assessed(2);
    twoFiles.add(finding(), workload("nova-api", 12));
    twoFiles.add(finding(), workload("nova-api", 12, "other.yaml"));
    expect(twoFiles.resolve()).toEqual([{ ...finding(), locations: [] }]);
  });

  it("counts two findings at one file and line as one workload's", () => {
    const shared = assessed(2);
    const first = workload("nova-api", 12);
    const again = workload("nova-api", 12);
    shared.add(finding(), first);
    shared.add(finding(), again);
    expect(shared.resolve()).toEqual([
      { ...finding(), workload: first },
      { ...finding(), locations: [], workload: again },
    ]);
  });

  it("when a workload disagrees, keeps one per workload: only the first agreeing one cites its locations, the others their own", () => {
    const shared = assessed(4);
    const [a, b, c, d] = [workload("a", 1), workload("b", 20), workload("c", 40), workload("d", 60)];
    const mitigated = finding({
      status: "mitigated",
      mitigation: "uwsgi-die-on-term",
      locations: [{ file: "c.yaml", line: 4, column: 1 }],
    });
    const reworded = finding({ message: "nova-api writes its pod IP into nova.conf", locations: [{ file: "d.yaml", line: 8, column: 2 }] });
    shared.add(finding(), a);
    shared.add(finding({ locations: [{ file: "b.yaml", line: 2, column: 5 }] }), b);
    shared.add(mitigated, c);
    shared.add(reworded, d);
    expect(shared.resolve()).toEqual([
      { ...finding(), workload: a },
      { ...finding(), locations: [], workload: b },
      { ...mitigated, workload: c },
      { ...reworded, workload: d },
    ]);
  });

  it("tells findings apart by what they say: status, mitigation, message and missing facts", () => {
    const unknown = (...missing: string[]) => finding({ status: "unknown", missing });
    const pairs: [Finding, Finding][] = [
      [finding(), finding({ status: "pass" })],
      [finding(), finding({ status: "mitigated", mitigation: "x" })],
      [finding({ status: "mitigated", mitigation: "x" }), finding({ status: "mitigated", mitigation: "y" })],
      [finding(), finding({ message: "another message" })],
      [unknown("service.b"), unknown("service.a")],
      [unknown("service.a"), unknown("service.a", "service.b")],
      [unknown("service.a", "service.b"), unknown("service.a")],
    ];
    for (const [first, second] of pairs) {
      const shared = assessed(2);
      shared.add(first, workload("a", 1));
      shared.add(second, workload("b", 2));
      expect(shared.resolve().map((f) => f.workload?.name)).toEqual(["a", "b"]);
    }
    // The same missing facts, in lists of their own, say the same.
    const same = assessed(2);
    same.add(unknown("service.a", "service.b"), workload("a", 1));
    same.add(unknown("service.a", "service.b"), workload("b", 2));
    expect(same.resolve()).toEqual([{ ...unknown("service.a", "service.b"), locations: [] }]);
    // Where a finding is cited does not tell it apart.
    const shared = assessed(2);
    shared.add(finding(), workload("a", 1));
    shared.add(finding({ locations: [], severity: "high" }), workload("b", 2));
    expect(shared.resolve()).toEqual([{ ...finding(), locations: [] }]);
  });

  it("groups by service, placement and rule, in the order each group was first added", () => {
    const shared = assessed(2, "nova-api", "glance-api");
    const [a, b] = [workload("a", 1), workload("b", 2)];
    const keys: Partial<Finding>[] = [{}, { rule: "termination/graceful-sigterm" }, { placement: "poci" }, { service: "glance-api" }];
    for (const key of keys) shared.add(finding(key), a);
    for (const key of keys) shared.add(finding(key), b);
    expect(shared.resolve()).toEqual(keys.map((key) => ({ ...finding(key), locations: [] })));
  });
});
