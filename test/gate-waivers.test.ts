import { describe, expect, it } from "vitest";
import { applyWaivers } from "../src/gate/waivers.js";
import type { Waiver } from "../src/model/policy.js";
import { sampleAssessment, sampleFinding, sampleResult } from "./gate-sample.js";

const waiver: Waiver = {
  rule: "ip-movement/identity-from-hostname",
  service: "demo-*",
  reason: "pinned next release",
  owner: "team-compute",
  expires: "2026-12-31",
};

describe("applyWaivers", () => {
  it("refuses a today that is not exactly YYYY-MM-DD", () => {
    const a = sampleAssessment([sampleFinding()]);
    for (const today of ["2026-06-01T00:00", "x2026-06-01", "26-06-01", "20260-06-01"]) {
      expect(() => applyWaivers(a, [waiver], today)).toThrow(RangeError);
    }
    expect(() => applyWaivers(a, [waiver], "2026-06-01")).not.toThrow();
  });

  it("waives failing and mitigated findings only; a passing or unknown one stays, and its waiver counts as unused", () => {
    for (const status of ["pass", "unknown", "not-applicable"] as const) {
      const outcome = applyWaivers(sampleAssessment([sampleFinding({ status })]), [waiver], "2026-06-01");
      expect(outcome.assessment.findings[0]?.status).toBe(status);
      expect(outcome.unused).toEqual([waiver]);
    }
    const mitigated = applyWaivers(sampleAssessment([sampleFinding({ status: "mitigated", mitigation: "m" })]), [waiver], "2026-06-01");
    expect(mitigated.assessment.findings[0]?.status).toBe("waived");
    expect(mitigated.unused).toEqual([]);
  });

  it("re-scores only the services a waiver touched, keeping each placement's plan, detection and not-applicable count", () => {
    const plan = [{ mitigation: "pin", lifts: ["x"], effort: 2, remediationKind: "deployment" as const }];
    const results = [
      sampleResult({
        placement: "k8s-scheduled",
        plan,
        detected: true,
        counts: { pass: 0, fail: 1, unknown: 0, "not-applicable": 7, mitigated: 0, waived: 0 },
      }),
      sampleResult({ placement: "swarm", detected: false }),
    ];
    const a = sampleAssessment([sampleFinding(), sampleFinding({ service: "other" })], { "demo-worker": results, other: [sampleResult()] });
    const outcome = applyWaivers(a, [waiver], "2026-06-01");
    const demo = outcome.assessment.services.find((s) => s.name === "demo-worker");
    const k8s = demo?.results.find((r) => r.placement === "k8s-scheduled");
    expect(k8s?.plan).toEqual(plan);
    expect(k8s?.planEffort).toBe(2);
    expect(k8s?.detected).toBe(true);
    expect(k8s?.counts).toMatchObject({ waived: 1, fail: 0, "not-applicable": 7 });
    expect(demo?.results.find((r) => r.placement === "swarm")?.detected).toBe(false);
    expect(demo?.results.find((r) => r.placement === "swarm")?.counts["not-applicable"]).toBe(0);
    // The sample placements name no wave family, so both count as fixed hosts in the replanned waves.
    expect(outcome.assessment.waves.find((w) => w.family === "fixed")?.placement).toBe("k8s-scheduled, swarm");
    // Rescored: the one failure is waived, and a waived finding counts on neither side.
    expect(k8s?.scores["ip-movement"]).toBeNull();
    expect(outcome.assessment.services.find((s) => s.name === "other")).toBe(a.services.find((s) => s.name === "other"));
  });

  it("rescores each placement from its own findings only", () => {
    const results = [sampleResult({ placement: "k8s-scheduled" }), sampleResult({ placement: "swarm" })];
    const a = sampleAssessment([sampleFinding(), sampleFinding({ rule: "ip-movement/other", placement: "swarm", status: "pass" })], {
      "demo-worker": results,
    });
    const demo = applyWaivers(a, [waiver], "2026-06-01").assessment.services[0];
    expect(demo?.results.find((r) => r.placement === "k8s-scheduled")?.counts).toMatchObject({ pass: 0, waived: 1 });
    expect(demo?.results.find((r) => r.placement === "swarm")?.counts).toMatchObject({ pass: 1, waived: 0 });
  });
});
