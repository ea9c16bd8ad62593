import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/assessment.js";
import { DIMENSIONS, SEVERITIES } from "../src/model/common.js";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import { deltaOf, recommend } from "../src/score/recommend.js";
import { confidenceOf, effortOf, fitOf, scoreFindings, scorePlacement } from "../src/score/score.js";

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
  // termination:   pass medium (3), unknown high (ignored)      → 100 × 3 / 3 = 100, but its applicable
  //                weight 3 is below one high rule's (5), so it is shown and left out of the overall
  // overall = (67 + 67) / 2 = 67; confidence = 6 decided / 7 = 0.857
  // fit: no critical fails, a high fails, 50 ≤ 67 < 75 → needs-work; effort = 3 + 5 = 8
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
    expect(result.scores).toEqual({ "twelve-factor": 67, "ip-movement": 67, termination: 100, overall: 67 });
    expect(result.confidence).toBe(0.857);
    expect(result.fit).toBe("needs-work");
    expect(result.effort).toBe(8);
    expect(result.exposurePerMonth).toBe(8); // restart 4 + ip-change 4; sigkill hits no failing rule
    expect(result.counts).toEqual({ pass: 4, fail: 2, unknown: 1, "not-applicable": 1, mitigated: 0, waived: 0 });
  });
});

describe("mechanisms", () => {
  it("keep a mechanism apart from a rule of the same name", () => {
    // Rule "grace" has no mechanism; rules "r/a" and "r/b" share the mechanism named "grace".
    const rules = new Map([
      ["r/a", { blocking: false, mechanism: "grace" }],
      ["r/b", { blocking: false, mechanism: "grace" }],
    ]);
    const findings = [
      finding({ rule: "grace", severity: "high", status: "pass" }),
      finding({ rule: "r/a", severity: "medium", status: "fail", effort: 3 }),
      finding({ rule: "r/b", severity: "low", status: "fail", effort: 5 }),
    ];
    // Two groups: "grace" passes at 5, the mechanism fails at 3 → 100 × 5 / 8 = 62.5 → 63.
    expect(scoreFindings(findings, DEFAULT_SCORING.weights, rules)["twelve-factor"]).toBe(63);
    expect(effortOf(findings, rules)).toBe(5);
  });
});

describe("dimensions with little applicable weight", () => {
  const pass = (rule: string, dimension: Finding["dimension"], severity: Finding["severity"]) =>
    finding({ rule, dimension, severity, status: "pass" });
  it("leave the overall score when below one high rule's weight, so a lone low failure cannot zero it", () => {
    // ip-movement: one failing low rule (weight 1 < 5) scores 0, shown but not averaged.
    const findings = [
      pass("a", "twelve-factor", "high"),
      pass("b", "termination", "high"),
      finding({ rule: "c", dimension: "ip-movement", severity: "low", status: "fail" }),
    ];
    expect(scoreFindings(findings, DEFAULT_SCORING.weights)).toEqual({
      "twelve-factor": 100,
      "ip-movement": 0,
      termination: 100,
      overall: 100,
    });
  });
  it("count again once their weight reaches one high rule's", () => {
    const findings = [
      pass("a", "twelve-factor", "high"),
      pass("b", "termination", "high"),
      finding({ rule: "c", dimension: "ip-movement", severity: "low", status: "fail" }),
      finding({ rule: "d", dimension: "ip-movement", severity: "medium", status: "fail" }),
      pass("e", "ip-movement", "low"),
    ];
    // ip-movement weight 1 + 3 + 1 = 5 → 100 × 1 / 5 = 20; overall = (100 + 20 + 100) / 3 = 73
    expect(scoreFindings(findings, DEFAULT_SCORING.weights).overall).toBe(73);
  });
  it("all count when every scored dimension is light", () => {
    const findings = [
      pass("a", "twelve-factor", "low"),
      finding({ rule: "b", dimension: "termination", severity: "medium", status: "fail" }),
    ];
    expect(scoreFindings(findings, DEFAULT_SCORING.weights).overall).toBe(50);
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
  it("is not-fit below the confidence threshold when a critical or blocking rule already fails", () => {
    // Missing facts can only add failures, never lift one: a decided blocking or critical failure settles the fit.
    const blocking = new Map([["twelve-factor/x", { blocking: true }]]);
    expect(fitOf(scores(40), 0.5, [finding({ severity: "high", status: "fail" })], t, blocking)).toBe("not-fit");
    expect(fitOf(scores(40), 0.5, [finding({ severity: "critical", status: "fail" })], t)).toBe("not-fit");
    expect(fitOf(scores(40), 0.5, [finding({ severity: "high", status: "fail" })], t)).toBe("unknown");
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

  it("scores with mitigations by counting mitigated findings as passes, and never below the fit as-is when ready", () => {
    const withMitigated = fc.array(
      fc.oneof(
        arbitraryFinding,
        arbitraryFinding.map((f) => ({ ...f, status: "mitigated" as const })),
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(withMitigated, (findings) => {
        const result = scorePlacement("k8s-scheduled", findings, {}, DEFAULT_SCORING, false);
        const scores = scoreFindings(findings, DEFAULT_SCORING.weights, undefined, "pass");
        expect(result.scoresWithMitigations).toEqual(scores);
        const fit = fitOf(scores, result.confidence, findings, DEFAULT_SCORING.thresholds, undefined, "pass");
        expect(result.fitWithMitigations).toBe(result.fit === "ready" ? "ready" : fit);
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

  it("pairs each finding with the baseline's for the same rule wherever it is listed, the last when it is listed twice", () => {
    const at = (placement: string, rule: string, status: Finding["status"], message = `${rule} ${status}`) =>
      finding({ rule, placement, status, severity: "high", effort: 2, message });
    const baseline = (list: Finding[]) =>
      deltaOf(
        "poci",
        new Map([
          ["poci", list],
          ["k8s-scheduled", [at("k8s-scheduled", "a", "fail"), at("k8s-scheduled", "b", "pass"), at("k8s-scheduled", "c", "fail")]],
        ]),
        DEFAULT_SCORING,
      );
    // The baseline lacks rule a, so rules b and c sit one place earlier than under the target.
    const shifted = baseline([at("poci", "b", "fail", "b failed"), at("poci", "c", "pass")]);
    expect(shifted.breaks.map((b) => b.rule)).toEqual(["c"]);
    expect(shifted.fixes).toEqual([{ rule: "b", severity: "high", effort: 2, message: "b failed" }]);
    // Out of rule order, with rule a listed twice: the later one counts, as a lookup by rule finds it.
    const twice = baseline([at("poci", "a", "fail"), at("poci", "c", "pass"), at("poci", "a", "pass")]);
    expect(twice.breaks.map((b) => b.rule)).toEqual(["a", "c"]);
    expect(twice.fixes).toEqual([]);
  });
});

describe("recommendation within a wave family", () => {
  const families = new Map([
    ["k8s-scheduled", "scheduled" as const],
    ["k8s-statefulset", "scheduled" as const],
    ["k8s-pinned", "pinned" as const],
    ["poci", "fixed" as const],
  ]);
  const at = (placement: string, over: Partial<Finding>[]) => over.map((o) => finding({ placement, severity: "high", ...o }));
  const step = (mitigation: string, lifts: string[], effort: number) => ({
    mitigation,
    lifts,
    effort,
    remediationKind: "deployment" as const,
  });
  /** Scores each placement from its findings and plan, then recommends. */
  const recommendFrom = (
    setup: Record<string, { findings: Finding[]; plan: ReturnType<typeof step>[] }>,
    context: Parameters<typeof recommend>[3] = { families },
  ) => {
    const byPlacement = new Map(Object.entries(setup).map(([p, s]) => [p, s.findings]));
    const results = Object.entries(setup).map(([p, s]) => scorePlacement(p, s.findings, {}, DEFAULT_SCORING, false, { plan: s.plan }));
    return recommend(results, byPlacement, DEFAULT_SCORING, context);
  };
  const ready = {
    findings: at("k8s-pinned", [
      { rule: "r1", status: "pass" },
      { rule: "r2", status: "pass" },
    ]),
    plan: [],
  };

  it("takes a later placement of the same family with a cheaper plan", () => {
    const recommendation = recommendFrom({
      "k8s-scheduled": {
        findings: at("k8s-scheduled", [
          { rule: "r1", status: "mitigated", mitigation: "cleaner" },
          { rule: "r2", status: "mitigated", mitigation: "grace" },
        ]),
        plan: [step("grace", ["r2"], 1), step("cleaner", ["r1"], 2)],
      },
      "k8s-statefulset": {
        findings: at("k8s-statefulset", [
          { rule: "r1", status: "pass" },
          { rule: "r2", status: "mitigated", mitigation: "grace" },
        ]),
        plan: [step("grace", ["r2"], 1)],
      },
      "k8s-pinned": ready,
    });
    expect(recommendation.placement).toBe("k8s-statefulset");
    expect(recommendation.reasons[0]).toContain("cheaper (1 point against 3 points)");
  });

  it("takes a later placement of the same family that leaves fewer high failures", () => {
    const recommendation = recommendFrom({
      "k8s-scheduled": {
        findings: at("k8s-scheduled", [
          { rule: "r1", status: "fail" },
          { rule: "r2", status: "pass" },
          { rule: "r3", status: "pass", severity: "critical" },
        ]),
        plan: [],
      },
      "k8s-statefulset": {
        findings: at("k8s-statefulset", [
          { rule: "r1", status: "mitigated", mitigation: "m" },
          { rule: "r2", status: "pass" },
          { rule: "r3", status: "pass", severity: "critical" },
        ]),
        plan: [step("m", ["r1"], 5)],
      },
    });
    expect(recommendation.placement).toBe("k8s-statefulset");
    expect(recommendation.reasons[0]).toContain("less high or critical weight failing");
  });

  it("keeps preference order on a tie, and never crosses into another family", () => {
    const same = (p: string) => ({
      findings: at(p, [
        { rule: "r1", status: "mitigated", mitigation: "m" },
        { rule: "r2", status: "pass" },
      ]),
      plan: [step("m", ["r1"], 1)],
    });
    // k8s-pinned is ready with no plan, yet another wave family: the scheduled placement stays.
    const recommendation = recommendFrom({
      "k8s-scheduled": same("k8s-scheduled"),
      "k8s-statefulset": same("k8s-statefulset"),
      "k8s-pinned": ready,
    });
    expect(recommendation.placement).toBe("k8s-scheduled");
  });

  it("ignores low failures when ranking, as the fit does", () => {
    const withLow = (p: string, status: Finding["status"]) => ({
      findings: at(p, [
        { rule: "r1", status: "pass" },
        { rule: "r2", status: "pass", dimension: "termination" },
        { rule: "r3", status, severity: "low", dimension: "ip-movement" },
      ]),
      plan: [],
    });
    const recommendation = recommendFrom({
      "k8s-scheduled": withLow("k8s-scheduled", "fail"),
      "k8s-statefulset": withLow("k8s-statefulset", "pass"),
    });
    expect(recommendation.placement).toBe("k8s-scheduled");
  });
});
