import { describe, expect, it } from "vitest";
import type { Finding, FitLevel, PlacementResult } from "../src/model/assessment.js";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import { blockersOf, deltaOf, formatScore, recommend, residualSevereWeight } from "../src/score/recommend.js";
import { sampleResult } from "./gate-sample.js";

const finding = (over: Partial<Finding>): Finding => ({
  rule: "ip-movement/x",
  service: "svc",
  placement: "k8s-scheduled",
  status: "fail",
  severity: "high",
  dimension: "ip-movement",
  trigger: "ip-change",
  effort: 1,
  message: "m",
  locations: [],
  ...over,
});

/** A result at `placement` with the given fit with mitigations and overall score as-is. */
function at(placement: string, fit: FitLevel, overall: number | null, over: Partial<PlacementResult> = {}): PlacementResult {
  const scores = { "twelve-factor": null, "ip-movement": overall, termination: null, overall };
  return sampleResult({ placement, fit, fitWithMitigations: fit, scores, scoresWithMitigations: scores, ...over });
}

const SETTINGS = { ...DEFAULT_SCORING, preference: ["k8s-scheduled", "k8s-statefulset", "k8s-pinned", "poci"] };

describe("recommend, walking the preference order", () => {
  it("says why each more-preferred placement was passed over, naming at most three failing rules", () => {
    const findings = new Map([
      [
        "k8s-scheduled",
        [
          finding({ rule: "r/d", severity: "low" }),
          finding({ rule: "r/c", severity: "critical" }),
          finding({ rule: "r/b", severity: "high", effort: 1 }),
          finding({ rule: "r/a", severity: "high", effort: 4 }),
          finding({ rule: "r/p", status: "pass" }),
        ],
      ],
    ]);
    const results = [at("poci", "ready", 95), at("k8s-scheduled", "needs-work", 55)];
    const recommendation = recommend(results, findings, SETTINGS);
    expect(recommendation.placement).toBe("poci");
    expect(recommendation.fit).toBe("ready");
    expect(recommendation.reasons).toEqual([
      "k8s-scheduled: needs-work, overall 55; fails r/c (critical), r/a (high), r/b (high).",
      "poci: ready, overall 95 as-is; no rule fails.",
    ]);
  });

  it("names the blocking rules of a placement passed over, and the score with mitigations when it has a plan", () => {
    const plan = [{ mitigation: "pin", lifts: ["r/x"], effort: 2, remediationKind: "deployment" as const }];
    const withPlan = { plan, scoresWithMitigations: { "twelve-factor": null, "ip-movement": 70, termination: null, overall: 70 } };
    const results = [
      at("k8s-scheduled", "not-fit", 10, { blockedBy: ["r/blocker", "r/other"] }),
      at("k8s-statefulset", "needs-work", 40, withPlan),
      at("poci", "ready-with-mitigations", 80, withPlan),
    ];
    const recommendation = recommend(results, new Map([["poci", [finding({ rule: "r/left", severity: "medium" })]]]), SETTINGS);
    expect(recommendation.reasons).toEqual([
      "k8s-scheduled: not-fit; blocked by r/blocker, r/other.",
      "k8s-statefulset: needs-work, overall 40 (70 with mitigations); fails no rule.",
      "poci: ready-with-mitigations, overall 80 as-is (70 with mitigations); with pin (deployment, effort 2); still failing: r/left (medium).",
    ]);
    expect(recommendation.fit).toBe("ready-with-mitigations");
  });

  it("says no rule fails after mitigations when a plan lifted them all", () => {
    const plan = [{ mitigation: "pin", lifts: ["r/x"], effort: 2, remediationKind: "runbook" as const }];
    const recommendation = recommend([at("k8s-scheduled", "ready-with-mitigations", 60, { plan })], new Map(), SETTINGS);
    expect(recommendation.reasons.at(-1)).toBe(
      "k8s-scheduled: ready-with-mitigations, overall 60 as-is (60 with mitigations); with pin (runbook, effort 2); no rule fails after mitigations.",
    );
  });

  it("stops at a placement with insufficient data, naming the confidence and the missing facts", () => {
    const results = [
      at("k8s-scheduled", "needs-work", 50),
      at("k8s-pinned", "unknown", null, { confidence: 0.456, missingFacts: ["service.a", "service.b"] }),
      at("poci", "ready", 100),
    ];
    expect(recommend(results, new Map(), SETTINGS)).toEqual({
      placement: "k8s-pinned",
      fit: "unknown",
      reasons: [
        "k8s-scheduled: needs-work, overall 50; fails no rule.",
        "k8s-pinned: insufficient data (confidence 46%); missing facts: service.a, service.b.",
      ],
    });
    // Undecided for want of something other than a fact: no fact to name.
    const counts = { pass: 1, fail: 0, unknown: 3, "not-applicable": 84, mitigated: 0, waived: 0 };
    const undecided = recommend([at("k8s-scheduled", "unknown", null, { confidence: 0.25, counts })], new Map(), SETTINGS);
    expect(undecided.reasons).toEqual(["k8s-scheduled: insufficient data (confidence 25%); 3 rule(s) could not be decided."]);
    // Every rule decided, none of them weighed: no score to judge by, and nothing missing.
    const weightless = { confidence: 1, counts: { ...counts, pass: 2, unknown: 0 } };
    expect(recommend([at("k8s-scheduled", "unknown", null, weightless)], new Map(), SETTINGS).reasons).toEqual([
      "k8s-scheduled: insufficient data (confidence 100%); the rules that apply carry no weight in the score.",
    ]);
  });

  it("passes over a placement where no rule applies: nothing is known there to stop at", () => {
    const vacant = { confidence: 0, counts: { pass: 0, fail: 0, unknown: 0, "not-applicable": 88, mitigated: 0, waived: 0 } };
    const results = [
      at("k8s-scheduled", "not-fit", 43),
      at("k8s-statefulset", "unknown", null, vacant),
      at("poci", "unknown", null, vacant),
    ];
    expect(recommend(results, new Map(), SETTINGS)).toEqual({
      placement: "k8s-scheduled",
      fit: "not-fit",
      reasons: [
        "k8s-scheduled: not-fit, overall 43; fails no rule.",
        "k8s-statefulset, poci: no rule applies to it there.",
        "No placement is ready or ready with mitigations; k8s-scheduled has the best overall score (43).",
      ],
    });
    // A placement passed over for want of rules never keeps the walk from a ready one after it.
    const ready = recommend([at("k8s-scheduled", "unknown", null, vacant), at("poci", "ready", 95)], new Map(), SETTINGS);
    expect(ready).toEqual({
      placement: "poci",
      fit: "ready",
      reasons: ["k8s-scheduled: no rule applies to it there.", "poci: ready, overall 95 as-is; no rule fails."],
    });
    // An unknown finding is a rule that applies: the walk stops there.
    const missing = { ...vacant, counts: { ...vacant.counts, unknown: 1 } };
    expect(recommend([at("k8s-scheduled", "unknown", null, missing), at("poci", "ready", 95)], new Map(), SETTINGS).placement).toBe(
      "k8s-scheduled",
    );
  });

  it("recommends no placement when no rule applies under any", () => {
    const vacant = { confidence: 0, counts: { pass: 0, fail: 0, unknown: 0, "not-applicable": 88, mitigated: 0, waived: 0 } };
    expect(recommend([at("k8s-scheduled", "unknown", null, vacant), at("poci", "unknown", null, vacant)], new Map(), SETTINGS)).toEqual({
      placement: "none",
      fit: "unknown",
      reasons: ["No rule applies to it under any placement: nothing is known to recommend one by."],
    });
  });

  it("walks placements missing from the preference list after the listed ones, in result order", () => {
    const results = [at("zz-last", "ready", 100), at("aa-first", "ready", 100), at("poci", "needs-work", 60)];
    expect(recommend(results, new Map(), SETTINGS).placement).toBe("zz-last");
  });

  it("with no acceptable placement takes the best overall score, the preferred one on a tie", () => {
    const results = [at("poci", "needs-work", 60), at("k8s-pinned", "needs-work", 60), at("k8s-scheduled", "not-fit", 20)];
    const recommendation = recommend(results, new Map(), SETTINGS);
    expect(recommendation.placement).toBe("k8s-pinned");
    expect(recommendation.fit).toBe("needs-work");
    expect(recommendation.reasons.at(-1)).toBe(
      "No placement is ready or ready with mitigations; k8s-pinned has the best overall score (60).",
    );
    const better = recommend([...results, at("swarm", "not-fit", 61)], new Map(), SETTINGS);
    expect(better.placement).toBe("swarm");
  });

  it("with no scored placement falls back to the most preferred, and with none at all says so", () => {
    const results = [at("poci", "not-fit", null), at("k8s-scheduled", "not-fit", null)];
    const recommendation = recommend(results, new Map(), SETTINGS);
    expect(recommendation.placement).toBe("k8s-scheduled");
    expect(recommendation.reasons.at(-1)).toBe(
      "No placement is ready or ready with mitigations; k8s-scheduled has the best overall score (n/a).",
    );
    expect(recommend([], new Map(), SETTINGS)).toEqual({ placement: "none", fit: "unknown", reasons: ["No placement was assessed."] });
  });
});

describe("recommend within a wave family", () => {
  const families = new Map([
    ["k8s-scheduled", "scheduled" as const],
    ["k8s-statefulset", "scheduled" as const],
    ["k8s-pinned", "pinned" as const],
    ["poci", "fixed" as const],
  ]);

  it("prefers a better fit of the same family and says so", () => {
    const results = [at("k8s-scheduled", "ready-with-mitigations", 80), at("k8s-statefulset", "ready", 95)];
    const recommendation = recommend(results, new Map(), SETTINGS, { families });
    expect(recommendation.placement).toBe("k8s-statefulset");
    expect(recommendation.reasons[0]).toBe(
      "k8s-scheduled: ready-with-mitigations, but k8s-statefulset of the same wave family is better: its fit with mitigations is ready.",
    );
  });

  it("prefers less residual high or critical weight, and a cheaper plan, with the figures", () => {
    const residual = new Map([
      ["k8s-scheduled", [finding({ rule: "r/a", severity: "critical", status: "mitigated" }), finding({ rule: "r/b" })]],
      ["k8s-statefulset", [finding({ rule: "r/c", severity: "medium" })]],
    ]);
    const results = [at("k8s-scheduled", "ready-with-mitigations", 80), at("k8s-statefulset", "ready-with-mitigations", 80)];
    expect(recommend(results, residual, SETTINGS, { families }).reasons[0]).toBe(
      "k8s-scheduled: ready-with-mitigations, but k8s-statefulset of the same wave family is better: it leaves less high or critical weight failing after mitigations (0 against 5).",
    );
    const plan = (effort: number) => [{ mitigation: "m", lifts: [], effort, remediationKind: "deployment" as const }];
    const cheaper = [
      at("k8s-scheduled", "ready-with-mitigations", 80, { planEffort: 2, plan: plan(2) }),
      at("k8s-statefulset", "ready-with-mitigations", 80, { planEffort: 1, plan: plan(1) }),
    ];
    expect(recommend(cheaper, new Map(), SETTINGS, { families }).reasons[0]).toContain(
      "its mitigation plan is cheaper (1 point against 2 points)",
    );
  });

  it("keeps the first acceptable placement on a tie, and never takes one of another family", () => {
    const tie = [at("k8s-scheduled", "ready-with-mitigations", 80), at("k8s-statefulset", "ready-with-mitigations", 80)];
    expect(recommend(tie, new Map(), SETTINGS, { families }).reasons).toHaveLength(1);
    expect(recommend(tie, new Map(), SETTINGS, { families }).placement).toBe("k8s-scheduled");
    const otherFamily = [at("k8s-scheduled", "ready-with-mitigations", 80), at("k8s-pinned", "ready", 100)];
    expect(recommend(otherFamily, new Map(), SETTINGS, { families }).placement).toBe("k8s-scheduled");
    const unlisted = [at("k8s-scheduled", "ready-with-mitigations", 80), at("swarm", "ready", 100)];
    const withSwarm = new Map([...families, ["swarm", "scheduled" as const]]);
    expect(recommend(unlisted, new Map(), SETTINGS, { families: withSwarm }).placement).toBe("k8s-scheduled");
  });
});

describe("residualSevereWeight", () => {
  it("weighs failing high and critical findings only, each mechanism once at its largest weight", () => {
    const rules = new Map([
      ["r/a", { blocking: false, mechanism: "grace" }],
      ["r/b", { blocking: false, mechanism: "grace" }],
    ]);
    const findings = [
      finding({ rule: "r/a", severity: "high" }),
      finding({ rule: "r/b", severity: "critical" }),
      finding({ rule: "r/c", severity: "high" }),
      finding({ rule: "r/d", severity: "medium" }),
      finding({ rule: "r/e", severity: "critical", status: "mitigated" }),
      finding({ rule: "r/f", severity: "critical", status: "unknown" }),
    ];
    expect(residualSevereWeight(findings, DEFAULT_SCORING.weights, rules)).toBe(15);
    expect(residualSevereWeight(findings, DEFAULT_SCORING.weights)).toBe(20);
  });
});

describe("deltaOf", () => {
  const byPlacement = new Map([
    [
      "poci",
      [
        finding({ rule: "r/a", placement: "poci", status: "pass", message: "a passes" }),
        finding({ rule: "r/b", placement: "poci", status: "pass" }),
        finding({ rule: "r/c", placement: "poci", status: "fail", message: "c fails" }),
        finding({ rule: "r/d", placement: "poci", status: "pass" }),
        finding({ rule: "r/e", placement: "poci", status: "unknown" }),
      ],
    ],
    [
      "k8s-scheduled",
      [
        finding({ rule: "r/a", status: "fail", severity: "low", effort: 3, message: "a breaks" }),
        finding({ rule: "r/b", status: "mitigated", severity: "critical", effort: 2, message: "b breaks" }),
        finding({ rule: "r/c", status: "pass", message: "c passes" }),
        finding({ rule: "r/d", status: "unknown" }),
        finding({ rule: "r/e", status: "fail" }),
        finding({ rule: "r/new", status: "fail" }),
      ],
    ],
  ]);

  it("lists rules passing on the baseline and failing or mitigated on the target, most severe first, and the reverse as fixes", () => {
    const delta = deltaOf("k8s-scheduled", byPlacement, DEFAULT_SCORING);
    expect(delta.target).toBe("k8s-scheduled");
    expect(delta.breaks).toEqual([
      { rule: "r/b", severity: "critical", effort: 2, message: "b breaks" },
      { rule: "r/a", severity: "low", effort: 3, message: "a breaks" },
    ]);
    expect(delta.fixes).toEqual([{ rule: "r/c", severity: "high", effort: 1, message: "c fails" }]);
    expect(delta.effort).toBe(5);
  });

  it("counts the effort of breaks sharing a mechanism once, at the largest", () => {
    const rules = new Map([
      ["r/a", { blocking: false, mechanism: "m" }],
      ["r/b", { blocking: false, mechanism: "m" }],
    ]);
    expect(deltaOf("k8s-scheduled", byPlacement, DEFAULT_SCORING, "poci", rules).effort).toBe(3);
  });

  it("compares with the configured target when the recommendation is the baseline or was not assessed", () => {
    expect(deltaOf("poci", byPlacement, DEFAULT_SCORING).target).toBe("k8s-scheduled");
    expect(deltaOf("swarm", byPlacement, { ...DEFAULT_SCORING, target: "k8s-scheduled" }).target).toBe("k8s-scheduled");
    expect(deltaOf("poci", byPlacement, { ...DEFAULT_SCORING, target: "elsewhere" })).toEqual({
      target: "elsewhere",
      breaks: [],
      effort: 0,
      fixes: [],
    });
  });

  it("takes another baseline when told, and nothing breaks against a baseline that was not assessed", () => {
    expect(deltaOf("k8s-scheduled", byPlacement, DEFAULT_SCORING, "k8s-scheduled").target).toBe("k8s-scheduled");
    expect(deltaOf("k8s-scheduled", byPlacement, DEFAULT_SCORING, "marathon").breaks).toEqual([]);
  });
});

describe("formatScore", () => {
  it("shows n/a for a missing score and the number otherwise", () => {
    expect(formatScore(null)).toBe("n/a");
    expect(formatScore(0)).toBe("0");
  });
});

describe("orderings that break ties by name", () => {
  it("lists blockers most severe first, then by larger effort, then by rule id, whatever the input order", () => {
    const same = ["r/c", "r/a", "r/b"].map((rule) => finding({ rule, severity: "medium", effort: 2 }));
    for (const input of [same, [...same].reverse()]) {
      expect(blockersOf(input).map((f) => f.rule)).toEqual(["r/a", "r/b", "r/c"]);
    }
    const mixed = [
      finding({ rule: "r/low", severity: "low", effort: 9 }),
      finding({ rule: "r/small", effort: 1 }),
      finding({ rule: "r/big", effort: 5 }),
    ];
    expect(blockersOf(mixed).map((f) => f.rule)).toEqual(["r/big", "r/small", "r/low"]);
    expect(blockersOf([finding({ status: "mitigated" }), finding({ status: "pass" })])).toEqual([]);
  });

  it("sorts breaks and fixes of the delta by severity, then rule id, and counts only a failure that became a pass as a fix", () => {
    const poci = ["r/c", "r/a", "r/b"].map((rule) => finding({ rule, placement: "poci", status: "fail", severity: "low" }));
    const target = ["r/c", "r/a", "r/b"].map((rule) => finding({ rule, status: "pass", severity: "low" }));
    const extra = [
      [finding({ rule: "r/still", placement: "poci", status: "fail" }), finding({ rule: "r/still", status: "fail" })],
      [finding({ rule: "r/was-unknown", placement: "poci", status: "unknown" }), finding({ rule: "r/was-unknown", status: "pass" })],
      [finding({ rule: "r/now-unknown", placement: "poci", status: "fail" }), finding({ rule: "r/now-unknown", status: "unknown" })],
    ];
    const byPlacement = new Map([
      ["poci", [...poci, ...extra.map(([before]) => before as Finding)]],
      ["k8s-scheduled", [...target, ...extra.map(([, after]) => after as Finding)]],
    ]);
    const delta = deltaOf("k8s-scheduled", byPlacement, DEFAULT_SCORING);
    expect(delta.fixes.map((f) => f.rule)).toEqual(["r/a", "r/b", "r/c"]);
    expect(delta.breaks).toEqual([]);
  });
});
