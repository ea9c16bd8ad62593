import { describe, expect, it } from "vitest";
import { evaluateGate, type GateSettings } from "../src/gate/evaluate-gate.js";
import { applyWaivers } from "../src/gate/waivers.js";
import type { Waiver } from "../src/model/policy.js";
import { sampleAssessment, sampleFinding, sampleResult } from "./gate-sample.js";

const DEFAULTS: GateSettings = { failOn: "high", minScores: {} };
const waiver: Waiver = {
  rule: "ip-movement/identity-from-hostname",
  service: "demo-*",
  reason: "pinned by a StatefulSet in the next release",
  owner: "team-compute",
  expires: "2026-12-31",
};

describe("applyWaivers", () => {
  it("marks a covered failing finding as waived with its reason and rescores the result", () => {
    const pass = sampleFinding({ rule: "ip-movement/other", status: "pass" });
    const outcome = applyWaivers(sampleAssessment([sampleFinding(), pass]), [waiver], "2026-06-01");
    const waived = outcome.assessment.findings.find((f) => f.rule === waiver.rule);
    expect(waived?.status).toBe("waived");
    expect(waived?.waiver).toEqual({ reason: waiver.reason, owner: waiver.owner, expires: waiver.expires });
    const result = outcome.assessment.services[0]?.results[0];
    expect(result?.scores["ip-movement"]).toBe(100);
    expect(result?.counts).toMatchObject({ fail: 0, waived: 1, pass: 1 });
    expect(outcome.unused).toEqual([]);
  });

  it("leaves findings alone when the waiver names another placement or service", () => {
    const a = sampleAssessment([sampleFinding()]);
    expect(applyWaivers(a, [{ ...waiver, placement: "swarm" }], "2026-06-01").assessment.findings[0]?.status).toBe("fail");
    const outcome = applyWaivers(a, [{ ...waiver, service: "nova-*" }], "2026-06-01");
    expect(outcome.assessment.findings[0]?.status).toBe("fail");
    expect(outcome.unused).toHaveLength(1);
  });

  it("treats a waiver expiring before today as expired, waiving nothing; the expiry day itself still counts", () => {
    const a = sampleAssessment([sampleFinding()]);
    expect(applyWaivers(a, [waiver], "2026-12-31").expired).toEqual([]);
    const outcome = applyWaivers(a, [waiver], "2027-01-01");
    expect(outcome.expired).toEqual([waiver]);
    expect(outcome.assessment.findings[0]?.status).toBe("fail");
  });
});

describe("evaluateGate", () => {
  it("fails on a failing finding at or above failOn and passes when failOn is stricter", () => {
    const a = sampleAssessment([sampleFinding()]);
    const failed = evaluateGate(a, { settings: DEFAULTS, waivers: [], today: "2026-06-01" });
    expect(failed.passed).toBe(false);
    expect(failed.violations).toMatchObject([{ kind: "finding", rule: waiver.rule, service: "demo-worker", placement: "k8s-scheduled" }]);
    expect(evaluateGate(a, { settings: { ...DEFAULTS, failOn: "critical" }, waivers: [], today: "2026-06-01" }).passed).toBe(true);
  });

  it("fails on a mitigated finding, which still fails in the checked files, and a waiver covers it", () => {
    const a = sampleAssessment([sampleFinding({ status: "mitigated", mitigation: "statefulset-host" })]);
    const failed = evaluateGate(a, { settings: DEFAULTS, waivers: [], today: "2026-06-01" });
    expect(failed.passed).toBe(false);
    expect(failed.violations[0]?.message).toContain("(mitigation: statefulset-host)");
    const waived = evaluateGate(a, { settings: DEFAULTS, waivers: [waiver], today: "2026-06-01" });
    expect(waived.passed).toBe(true);
    expect(waived.assessment.findings[0]).toMatchObject({ status: "waived" });
    expect(waived.assessment.findings[0]?.mitigation).toBeUndefined();
  });

  it("passes once the finding is waived, and fails with an expired waiver", () => {
    const a = sampleAssessment([sampleFinding()]);
    expect(evaluateGate(a, { settings: DEFAULTS, waivers: [waiver], today: "2026-06-01" }).passed).toBe(true);
    const expired = evaluateGate(a, { settings: DEFAULTS, waivers: [waiver], today: "2027-02-01" });
    expect(expired.passed).toBe(false);
    expect(expired.violations.map((v) => v.kind).sort()).toEqual(["finding", "waiver-expired"]);
  });

  it("fails a score below minScores and a fit below requiredFit, ignoring n/a scores", () => {
    const a = sampleAssessment([sampleFinding({ severity: "low" })]);
    const result = evaluateGate(a, {
      settings: { failOn: "high", minScores: { overall: 50, termination: 80 }, requiredFit: "needs-work" },
      waivers: [],
      today: "2026-06-01",
    });
    expect(result.violations.map((v) => v.message)).toEqual([
      "overall score 0 is below the minimum 50",
      "fit not-fit is below the required needs-work",
    ]);
  });

  it("checks detected placements by default, else k8s-scheduled, and the policy's placements when given", () => {
    const results = [
      sampleResult({ placement: "poci" }),
      sampleResult({ placement: "k8s-scheduled" }),
      sampleResult({ placement: "swarm", detected: true }),
    ];
    const a = sampleAssessment([], { "demo-worker": results });
    expect(evaluateGate(a, { settings: DEFAULTS, waivers: [], today: "2026-06-01" }).checked).toEqual([
      { service: "demo-worker", placement: "swarm" },
    ]);
    const undetected = sampleAssessment([], { "demo-worker": results.map((r) => ({ ...r, detected: false })) });
    expect(evaluateGate(undetected, { settings: DEFAULTS, waivers: [], today: "2026-06-01" }).checked.map((c) => c.placement)).toEqual([
      "k8s-scheduled",
    ]);
    const chosen = evaluateGate(a, { settings: { ...DEFAULTS, placements: ["poci", "k8s-scheduled"] }, waivers: [], today: "2026-06-01" });
    expect(chosen.checked.map((c) => c.placement)).toEqual(["poci", "k8s-scheduled"]);
  });

  it("with a baseline fails only on new findings and on scores that got worse", () => {
    const old = sampleAssessment([sampleFinding()]);
    const added = sampleFinding({ rule: "ip-movement/new-rule" });
    const now = sampleAssessment([sampleFinding(), added]);
    const result = evaluateGate(now, {
      settings: { ...DEFAULTS, minScores: { overall: 50 } },
      waivers: [],
      today: "2026-06-01",
      baseline: old,
    });
    expect(result.violations.map((v) => v.rule)).toEqual(["ip-movement/new-rule"]);
    expect(result.baselined).toBe(1);
    expect(evaluateGate(old, { settings: DEFAULTS, waivers: [], today: "2026-06-01", baseline: old }).passed).toBe(true);
  });
});

describe("evaluateGate over workloads", () => {
  const first = { kind: "Deployment", namespace: "openstack", name: "keystone-api", file: "deploy/keystone.yaml", line: 1 };
  const second = { ...first, name: "keystone-api-canary", line: 22 };
  const privileged = sampleFinding({
    service: "keystone-api",
    rule: "deployment/privileged-only-when-needed",
    workload: second,
    locations: [{ file: "deploy/keystone.yaml", line: 40, column: 11 }],
  });
  const shared = sampleFinding({ service: "keystone-api", rule: "termination/sigterm", locations: [] });
  const other = sampleFinding({ service: "keystone-api", rule: "ip-movement/x", placement: "swarm", locations: [] });
  const low = sampleFinding({ service: "keystone-api", rule: "deployment/low", severity: "low", workload: first, locations: [] });
  const base = sampleAssessment([privileged, shared, other, low]);
  const assessment = {
    ...base,
    services: [first, second].map((workload) => ({
      ...(base.services[0] as (typeof base.services)[number]),
      name: "keystone-api",
      workload,
      results: [sampleResult({ detected: true }), sampleResult({ placement: "swarm" })],
    })),
  };

  it("fails each workload on its own findings and on those of its service, the shared one counted once", () => {
    const result = evaluateGate(assessment, { settings: DEFAULTS, waivers: [], today: "2026-06-01" });
    expect(result.checked.map((c) => c.workload?.name)).toEqual(["keystone-api", "keystone-api-canary"]);
    expect(result.violations.map((v) => [v.rule, v.workload?.name ?? null])).toEqual([
      ["termination/sigterm", null],
      ["deployment/privileged-only-when-needed", "keystone-api-canary"],
    ]);
  });

  it("keeps in its assessment only the findings the policy checked: placements and severities outside it are left out", () => {
    const result = evaluateGate(assessment, { settings: DEFAULTS, waivers: [], today: "2026-06-01" });
    expect(result.assessment.findings.map((f) => f.rule).sort()).toEqual(["deployment/privileged-only-when-needed", "termination/sigterm"]);
  });
});
