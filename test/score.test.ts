import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/assessment.js";
import { DIMENSIONS, SEVERITIES } from "../src/model/common.js";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import { deltaOf, recommend } from "../src/score/recommend.js";
import { confidenceOf, fitOf, scoreFindings, scorePlacement } from "../src/score/score.js";

const finding = (over: Partial<Finding>): Finding => ({
  rule: "twelve-factor/x",
  service: "svc",
  placement: "k8s-scheduled",
  status: "pass",
  severity: "medium",
  dimension: "twelve-factor",
  trigger: "restart",
  effort: 1,
  message: "m",
  locations: [],
  ...over,
});

describe("worked example (checked by hand)", () => {
  // twelve-factor: pass high (5), fail medium (3), pass low (1) → 100 × 6 / 9 = 66.7 → 67
  // ip-movement:   fail high (5), pass critical (10)            → 100 × 10 / 15 = 66.7 → 67
  // termination:   pass medium (3), unknown high (ignored)      → 100 × 3 / 3 = 100
  // overall = (67 + 67 + 100) / 3 = 78; confidence = 6 decided / 7 = 0.857
  // fit: no critical fails, a high fails, 78 ≥ 75 → ready-with-mitigations; effort = 3 + 5 = 8
  const findings = [
    finding({ rule: "a", dimension: "twelve-factor", severity: "high", status: "pass" }),
    finding({ rule: "b", dimension: "twelve-factor", severity: "medium", status: "fail", effort: 3, trigger: "restart" }),
    finding({ rule: "c", dimension: "twelve-factor", severity: "low", status: "pass" }),
    finding({ rule: "d", dimension: "ip-movement", severity: "high", status: "fail", effort: 5, trigger: "ip-change" }),
    finding({ rule: "e", dimension: "ip-movement", severity: "critical", status: "pass" }),
    finding({ rule: "f", dimension: "termination", severity: "medium", status: "pass" }),
    finding({ rule: "g", dimension: "termination", severity: "high", status: "unknown", missing: ["service.process"] }),
    finding({ rule: "h", dimension: "termination", severity: "critical", status: "not-applicable" }),
  ];

  it("matches the hand computation", () => {
    const result = scorePlacement("k8s-scheduled", findings, { restart: 4, "ip-change": 4, sigkill: 1 }, DEFAULT_SCORING, false);
    expect(result.scores).toEqual({ "twelve-factor": 67, "ip-movement": 67, termination: 100, overall: 78 });
    expect(result.confidence).toBe(0.857);
    expect(result.fit).toBe("ready-with-mitigations");
    expect(result.effort).toBe(8);
    expect(result.exposurePerMonth).toBe(8); // restart 4 + ip-change 4; sigkill hits no failing rule
    expect(result.counts).toEqual({ pass: 4, fail: 2, unknown: 1, "not-applicable": 1, mitigated: 0, waived: 0 });
  });
});

describe("fit levels", () => {
  const t = DEFAULT_SCORING.thresholds;
  const scores = (overall: number | null) => ({ "twelve-factor": overall, "ip-movement": overall, termination: overall, overall });
  it("is not-fit on any critical failure, whatever the score", () => {
    expect(fitOf(scores(95), 1, [finding({ severity: "critical", status: "fail" })], t)).toBe("not-fit");
  });
  it("is ready only without high failures", () => {
    expect(fitOf(scores(95), 1, [], t)).toBe("ready");
    expect(fitOf(scores(95), 1, [finding({ severity: "high", status: "fail" })], t)).toBe("ready-with-mitigations");
  });
  it("steps down by score", () => {
    expect(fitOf(scores(80), 1, [], t)).toBe("ready-with-mitigations");
    expect(fitOf(scores(60), 1, [], t)).toBe("needs-work");
    expect(fitOf(scores(40), 1, [], t)).toBe("not-fit");
  });
  it("is unknown below the confidence threshold or without a score", () => {
    expect(fitOf(scores(100), 0.5, [], t)).toBe("unknown");
    expect(fitOf(scores(null), 1, [], t)).toBe("unknown");
  });
});

const arbitraryFinding = fc
  .record({
    rule: fc.string({ minLength: 1, maxLength: 8 }),
    status: fc.constantFrom("pass", "fail", "unknown", "not-applicable", "waived" as const),
    severity: fc.constantFrom(...SEVERITIES),
    dimension: fc.constantFrom(...DIMENSIONS),
    effort: fc.constantFrom(1, 2, 3, 5, 8, 13),
  })
  .map((f) => finding(f as Partial<Finding>));

const arbitraryUndecided = fc
  .record({
    rule: fc.string({ minLength: 1, maxLength: 8 }),
    status: fc.constantFrom("unknown", "not-applicable" as const),
    severity: fc.constantFrom(...SEVERITIES),
  })
  .map((f) => finding(f as Partial<Finding>));

describe("score properties", () => {
  it("keeps every score within 0..100 or null", () => {
    fc.assert(
      fc.property(fc.array(arbitraryFinding, { maxLength: 40 }), (findings) => {
        for (const score of Object.values(scoreFindings(findings, DEFAULT_SCORING.weights))) {
          if (score !== null) expect(score >= 0 && score <= 100).toBe(true);
        }
      }),
    );
  });

  it("never raises a score when a failing finding is added", () => {
    fc.assert(
      fc.property(fc.array(arbitraryFinding, { maxLength: 30 }), arbitraryFinding, (findings, extra) => {
        const failing = { ...extra, status: "fail" as const };
        const before = scoreFindings(findings, DEFAULT_SCORING.weights);
        const after = scoreFindings([...findings, failing], DEFAULT_SCORING.weights);
        const dimension = failing.dimension;
        if (before[dimension] !== null && after[dimension] !== null)
          expect(after[dimension]).toBeLessThanOrEqual(before[dimension] as number);
      }),
    );
  });

  it("never counts an unknown as a pass", () => {
    fc.assert(
      fc.property(fc.array(arbitraryFinding, { maxLength: 30 }), arbitraryFinding, (findings, extra) => {
        const unknown = { ...extra, status: "unknown" as const };
        expect(scoreFindings([...findings, unknown], DEFAULT_SCORING.weights)).toEqual(scoreFindings(findings, DEFAULT_SCORING.weights));
        expect(confidenceOf([...findings, unknown])).toBeLessThanOrEqual(confidenceOf(findings) || 1);
      }),
    );
  });

  it("gives unknown, never ready, to a service with no decided finding", () => {
    fc.assert(
      fc.property(fc.array(arbitraryUndecided, { maxLength: 20 }), (findings) => {
        const result = scorePlacement("k8s-scheduled", findings, {}, DEFAULT_SCORING, false);
        expect(result.fit).toBe("unknown");
      }),
    );
  });
});

describe("recommendation and delta", () => {
  const placements = ["poci", "k8s-pinned", "k8s-scheduled"];
  const byPlacement = new Map<string, Finding[]>([
    ["poci", [finding({ rule: "r1", placement: "poci", status: "pass", severity: "high", dimension: "ip-movement" })]],
    ["k8s-pinned", [finding({ rule: "r1", placement: "k8s-pinned", status: "pass", severity: "high", dimension: "ip-movement" })]],
    [
      "k8s-scheduled",
      [
        finding({
          rule: "r1",
          placement: "k8s-scheduled",
          status: "fail",
          severity: "high",
          dimension: "ip-movement",
          effort: 5,
          message: "breaks",
        }),
      ],
    ],
  ]);
  const results = placements.map((p) => scorePlacement(p, byPlacement.get(p) ?? [], {}, DEFAULT_SCORING, false));

  it("recommends the first preferred placement that is ready, with the deciding findings as reasons", () => {
    const recommendation = recommend(results, byPlacement, DEFAULT_SCORING);
    expect(recommendation.placement).toBe("k8s-pinned");
    expect(recommendation.fit).toBe("ready");
    expect(recommendation.reasons[0]).toContain("r1 (high)");
  });

  it("lists what passes under POCI and fails under the target", () => {
    const delta = deltaOf("poci", byPlacement, DEFAULT_SCORING);
    expect(delta.target).toBe("k8s-scheduled");
    expect(delta.breaks).toEqual([{ rule: "r1", severity: "high", effort: 5, message: "breaks" }]);
    expect(delta.effort).toBe(5);
    expect(delta.fixes).toEqual([]);
  });
});
