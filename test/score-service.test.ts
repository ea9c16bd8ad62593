import { describe, expect, it } from "vitest";
import type { Finding, PlanStep } from "../src/model/assessment.js";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import { residualSevereWeight } from "../src/score/recommend.js";
import { effortOf, exposureOf, scoreDimension, scorePlacement } from "../src/score/score.js";
import { answerSurvival, preferenceOrder, rescoreMessages, scoreService } from "../src/score/score-service.js";

const finding = (over: Partial<Finding>): Finding => ({
  rule: "ip-movement/x",
  service: "svc",
  placement: "k8s-scheduled",
  status: "pass",
  severity: "medium",
  dimension: "ip-movement",
  trigger: "ip-change",
  effort: 1,
  message: "m",
  locations: [],
  ...over,
});

describe("preferenceOrder", () => {
  it("puts the listed placements in the settings' order and the others after them by name", () => {
    const settings = { ...DEFAULT_SCORING, preference: ["poci", "k8s-scheduled"] };
    expect(preferenceOrder(["swarm", "k8s-scheduled", "marathon", "poci"], settings)).toEqual([
      "poci",
      "k8s-scheduled",
      "marathon",
      "swarm",
    ]);
    expect(preferenceOrder(["b", "a"], settings)).toEqual(["a", "b"]);
  });

  it("leaves its input alone", () => {
    const names = ["swarm", "poci"];
    preferenceOrder(names, DEFAULT_SCORING);
    expect(names).toEqual(["swarm", "poci"]);
  });
});

describe("answerSurvival", () => {
  const under = (placement: string, findings: Finding[]) => new Map([[placement, findings.map((f) => ({ ...f, placement }))]]);

  it("is unknown with a reason when no scheduler placement was assessed", () => {
    expect(answerSurvival("ip-movement", [], new Map())).toEqual({
      answer: "unknown",
      placement: "",
      mitigations: [],
      reasons: ["No scheduler placement was assessed."],
    });
  });

  it("is no while a rule of the dimension fails, listing failures most severe first, and ignores other dimensions", () => {
    const findings = [
      finding({ rule: "ip-movement/b", status: "fail", severity: "medium", message: "mb" }),
      finding({ rule: "ip-movement/a", status: "fail", severity: "medium", message: "ma" }),
      finding({ rule: "ip-movement/c", status: "fail", severity: "critical", message: "mc" }),
      finding({ rule: "termination/z", status: "fail", dimension: "termination", severity: "critical" }),
      finding({ rule: "ip-movement/u", status: "unknown", missing: ["service.x"] }),
    ];
    expect(answerSurvival("ip-movement", ["k8s-scheduled"], under("k8s-scheduled", findings))).toEqual({
      answer: "no",
      placement: "k8s-scheduled",
      mitigations: [],
      reasons: ["ip-movement/c (critical): mc", "ip-movement/a (medium): ma", "ip-movement/b (medium): mb"],
    });
    const termination = answerSurvival("termination", ["k8s-scheduled"], under("k8s-scheduled", findings));
    expect(termination.reasons).toEqual(["termination/z (critical): m"]);
  });

  it("answers under the placement with the best answer, the first of equals, from that dimension's findings alone", () => {
    const byPlacement = new Map([
      ["k8s-statefulset", [finding({ placement: "k8s-statefulset", status: "unknown" })]],
      [
        "swarm",
        [
          finding({ rule: "termination/z", placement: "swarm", dimension: "termination", status: "fail" }),
          finding({ rule: "ip-movement/m", placement: "swarm", status: "mitigated", mitigation: "pin-ip", message: "mm" }),
        ],
      ],
      ["marathon", [finding({ placement: "marathon", status: "mitigated", mitigation: "other", message: "later" })]],
      ["k8s-scheduled", [finding({ placement: "k8s-scheduled", status: "fail", message: "fails" })]],
    ]);
    const order = ["k8s-statefulset", "swarm", "marathon", "k8s-scheduled"];
    expect(answerSurvival("ip-movement", order, byPlacement)).toEqual({
      answer: "with-mitigations",
      placement: "swarm",
      mitigations: ["pin-ip"],
      reasons: ["ip-movement/m (medium) is lifted by pin-ip: mm"],
    });
    expect(answerSurvival("termination", order, byPlacement)).toMatchObject({ answer: "yes", placement: "k8s-statefulset" });
  });

  it("for a workload no catalog service matches, is unknown where no rule of the dimension applies, and yes for a known service", () => {
    const findings = [
      finding({ rule: "ip-movement/n", status: "not-applicable" }),
      finding({ rule: "twelve-factor/p", dimension: "twelve-factor", status: "pass" }),
    ];
    expect(answerSurvival("ip-movement", ["k8s-scheduled"], under("k8s-scheduled", findings), true)).toEqual({
      answer: "unknown",
      placement: "k8s-scheduled",
      mitigations: [],
      reasons: ["No ip-movement rule applies under k8s-scheduled to a workload no catalog service matches: its files alone do not tell."],
    });
    // The catalog knows the service: no rule applies because its facts rule the risk out.
    expect(answerSurvival("ip-movement", ["k8s-scheduled"], under("k8s-scheduled", findings))).toMatchObject({ answer: "yes" });
    // A rule that applies and passes answers for the generic workload too.
    const passing = [finding({ rule: "ip-movement/p", status: "pass" })];
    expect(
      answerSurvival(
        "ip-movement",
        ["swarm", "k8s-scheduled"],
        new Map([
          ["swarm", []],
          ["k8s-scheduled", passing],
        ]),
        true,
      ),
    ).toMatchObject({
      answer: "yes",
      placement: "k8s-scheduled",
    });
  });

  it("is unknown when nothing fails but rules lack facts, naming the facts once and sorted", () => {
    const findings = [
      finding({ status: "unknown", missing: ["service.z", "service.a"] }),
      finding({ rule: "ip-movement/y", status: "unknown", missing: ["service.a"] }),
      finding({ rule: "ip-movement/m", status: "mitigated", mitigation: "m1" }),
    ];
    expect(answerSurvival("ip-movement", ["swarm"], under("swarm", findings))).toEqual({
      answer: "unknown",
      placement: "swarm",
      mitigations: [],
      reasons: ["2 rule(s) lack facts: service.a, service.z."],
    });
    const bare = answerSurvival("ip-movement", ["swarm"], under("swarm", [finding({ status: "unknown" })]));
    expect(bare.reasons).toEqual(["1 rule(s) lack facts."]);
  });

  it("is with-mitigations when only mitigated findings remain, naming each mitigation once", () => {
    const findings = [
      finding({ rule: "ip-movement/b", status: "mitigated", mitigation: "use-statefulset", severity: "low", message: "mb" }),
      finding({ rule: "ip-movement/a", status: "mitigated", mitigation: "pin-ip", severity: "high", message: "ma" }),
      finding({ rule: "ip-movement/c", status: "mitigated", mitigation: "pin-ip", severity: "high", message: "mc" }),
      finding({ rule: "ip-movement/p", status: "pass" }),
    ];
    expect(answerSurvival("ip-movement", ["swarm"], under("swarm", findings))).toEqual({
      answer: "with-mitigations",
      placement: "swarm",
      mitigations: ["pin-ip", "use-statefulset"],
      reasons: [
        "ip-movement/a (high) is lifted by pin-ip: ma",
        "ip-movement/c (high) is lifted by pin-ip: mc",
        "ip-movement/b (low) is lifted by use-statefulset: mb",
      ],
    });
  });

  it("is yes when no rule fails, counting the waived ones", () => {
    expect(answerSurvival("ip-movement", ["swarm"], under("swarm", [finding({}), finding({ status: "waived" })])).reasons).toEqual([
      "No rule fails under swarm (1 waived).",
    ]);
    expect(answerSurvival("ip-movement", ["swarm"], under("swarm", [finding({})]))).toEqual({
      answer: "yes",
      placement: "swarm",
      mitigations: [],
      reasons: ["No rule fails under swarm."],
    });
  });

  it("takes the best answer over the placements, the earlier one on a tie", () => {
    const byPlacement = new Map([
      ["a", [finding({ placement: "a", status: "fail" })]],
      ["b", [finding({ placement: "b", status: "mitigated", mitigation: "m" })]],
      ["c", [finding({ placement: "c" })]],
      ["d", [finding({ placement: "d" })]],
    ]);
    expect(answerSurvival("ip-movement", ["a", "b"], byPlacement)).toMatchObject({ answer: "with-mitigations", placement: "b" });
    expect(answerSurvival("ip-movement", ["a", "c", "d"], byPlacement)).toMatchObject({ answer: "yes", placement: "c" });
    expect(answerSurvival("ip-movement", ["b", "a"], byPlacement)).toMatchObject({ answer: "with-mitigations", placement: "b" });
    expect(answerSurvival("ip-movement", ["missing"], byPlacement)).toMatchObject({ answer: "yes", placement: "missing" });
  });
});

describe("effort, exposure and mechanisms", () => {
  const rules = new Map([
    ["ip-movement/a", { blocking: false, mechanism: "grace" }],
    ["ip-movement/b", { blocking: false, mechanism: "grace" }],
  ]);

  it("adds the effort of failing and mitigated findings, each mechanism once at its largest effort", () => {
    const findings = [
      finding({ rule: "ip-movement/a", status: "fail", effort: 2 }),
      finding({ rule: "ip-movement/b", status: "mitigated", effort: 5 }),
      finding({ rule: "ip-movement/c", status: "fail", effort: 3 }),
      finding({ rule: "ip-movement/d", status: "unknown", effort: 7 }),
      finding({ rule: "ip-movement/e", status: "waived", effort: 11 }),
      finding({ rule: "ip-movement/f", status: "pass", effort: 13 }),
    ];
    expect(effortOf(findings, rules)).toBe(8);
    expect(effortOf(findings)).toBe(10);
  });

  it("adds the monthly events of the triggers of failing findings, each trigger once, rounded to cents", () => {
    const events = { "ip-change": 1.114, restart: 2, sigkill: 0.5 };
    const findings = [
      finding({ status: "fail", trigger: "ip-change" }),
      finding({ rule: "ip-movement/y", status: "fail", trigger: "ip-change" }),
      finding({ rule: "ip-movement/z", status: "fail", trigger: "restart" }),
      finding({ rule: "ip-movement/m", status: "mitigated", trigger: "sigkill" }),
      finding({ rule: "ip-movement/n", status: "fail", trigger: "hostname-change" }),
    ];
    expect(exposureOf(findings, events)).toBe(3.11);
    expect(exposureOf([], events)).toBe(0);
  });

  it("scores findings of one mechanism once: failed at the most severe failing weight, else passed at the most severe passing weight", () => {
    const w = DEFAULT_SCORING.weights;
    const failedAndPassed = [
      finding({ rule: "ip-movement/a", status: "fail", severity: "low" }),
      finding({ rule: "ip-movement/b", status: "pass", severity: "critical" }),
      finding({ rule: "ip-movement/c", status: "pass", severity: "high" }),
    ];
    // The mechanism fails at weight 1 (low); c passes at 5: 5 / 6.
    expect(scoreDimension(failedAndPassed, w, rules)).toBe(Math.round((100 * 5) / 6));
    const bothPass = [
      finding({ rule: "ip-movement/a", status: "pass", severity: "low" }),
      finding({ rule: "ip-movement/b", status: "pass", severity: "critical" }),
      finding({ rule: "ip-movement/c", status: "fail", severity: "high" }),
    ];
    // The mechanism passes at weight 10 (critical); c fails at 5: 10 / 15.
    expect(scoreDimension(bothPass, w, rules)).toBe(67);
    expect(scoreDimension([finding({ status: "unknown" }), finding({ status: "not-applicable" })], w)).toBeNull();
  });
});

describe("scorePlacement", () => {
  it("counts every status, adds the plan's effort and keeps the placement and detection", () => {
    const findings = [
      finding({ status: "pass" }),
      finding({ status: "fail" }),
      finding({ status: "fail" }),
      finding({ status: "unknown" }),
      finding({ status: "not-applicable" }),
      finding({ status: "mitigated", mitigation: "m" }),
      finding({ status: "waived" }),
    ];
    const plan = [
      { mitigation: "m", lifts: ["ip-movement/x"], effort: 2, remediationKind: "deployment" as const },
      { mitigation: "n", lifts: [], effort: 3, remediationKind: "runbook" as const },
    ];
    const result = scorePlacement("swarm", findings, {}, DEFAULT_SCORING, true, { plan });
    expect(result.counts).toEqual({ pass: 1, fail: 2, unknown: 1, "not-applicable": 1, mitigated: 1, waived: 1 });
    expect(result.planEffort).toBe(5);
    expect(result.plan).toEqual(plan);
    expect(result.plan).not.toBe(plan);
    expect(result.placement).toBe("swarm");
    expect(result.detected).toBe(true);
    expect(scorePlacement("swarm", findings, {}, DEFAULT_SCORING, false).detected).toBe(false);
  });

  it("names the missing facts only when the fit with mitigations is unknown, and the blocking rules still failing", () => {
    const unknown = scorePlacement(
      "swarm",
      [finding({ status: "unknown", missing: ["service.b", "service.a"] })],
      {},
      DEFAULT_SCORING,
      false,
    );
    expect(unknown.fitWithMitigations).toBe("unknown");
    expect(unknown.missingFacts).toEqual(["service.a", "service.b"]);
    const decided = scorePlacement("swarm", [finding({ status: "pass" })], {}, DEFAULT_SCORING, false);
    expect(decided).not.toHaveProperty("missingFacts");
    expect(decided).not.toHaveProperty("blockedBy");
    const blocking = new Map([
      ["ip-movement/x", { blocking: true }],
      ["ip-movement/m", { blocking: true }],
    ]);
    const blocked = scorePlacement(
      "swarm",
      [finding({ status: "fail" }), finding({ rule: "ip-movement/m", status: "mitigated", mitigation: "m" })],
      {},
      DEFAULT_SCORING,
      false,
      { rules: blocking },
    );
    expect(blocked.blockedBy).toEqual(["ip-movement/x"]);
    expect(blocked.fit).toBe("not-fit");
  });
});

describe("orderings that break ties by name", () => {
  it("orders unlisted placements by name whatever the input order", () => {
    for (const names of [
      ["c", "a", "b"],
      ["b", "c", "a"],
      ["a", "b", "c"],
    ]) {
      expect(preferenceOrder(names, DEFAULT_SCORING)).toEqual(["a", "b", "c"]);
    }
  });

  it("lists failures of equal severity by rule id whatever the input order", () => {
    const failing = ["ip-movement/c", "ip-movement/a", "ip-movement/b"].map((rule) => finding({ rule, status: "fail", message: "m" }));
    for (const input of [failing, [...failing].reverse()]) {
      expect(answerSurvival("ip-movement", ["k8s-scheduled"], new Map([["k8s-scheduled", input]])).reasons).toEqual([
        "ip-movement/a (medium): m",
        "ip-movement/b (medium): m",
        "ip-movement/c (medium): m",
      ]);
    }
  });
});

describe("mechanisms", () => {
  it("keeps two mechanisms apart in the score, the effort and the residual weight", () => {
    const rules = new Map([
      ["ip-movement/a", { blocking: false, mechanism: "grace" }],
      ["ip-movement/b", { blocking: false, mechanism: "probe" }],
    ]);
    const findings = [
      finding({ rule: "ip-movement/a", status: "fail", severity: "high", effort: 2 }),
      finding({ rule: "ip-movement/b", status: "fail", severity: "high", effort: 3 }),
      finding({ rule: "ip-movement/c", status: "pass", severity: "high" }),
    ];
    expect(scoreDimension(findings, DEFAULT_SCORING.weights, rules)).toBe(33);
    expect(effortOf(findings, rules)).toBe(5);
    expect(residualSevereWeight(findings, DEFAULT_SCORING.weights, rules)).toBe(10);
  });
});

describe("scoreService with a run's memo of placement results", () => {
  const events = { restart: 1, reschedule: 1, "ip-change": 1, sigkill: 1, drain: 1, upgrade: 1, "host-failure": 1 };
  const context = () => ({
    settings: DEFAULT_SCORING,
    rules: new Map(),
    placements: new Map([["k8s-scheduled", { events, waveFamily: "scheduled" as const }]]),
  });
  const input = (findings: Finding[], detected = false, plan: PlanStep[] = []) => ({
    findingsByPlacement: new Map([["k8s-scheduled", findings]]),
    plans: new Map([["k8s-scheduled", plan]]),
    detected: new Map([["k8s-scheduled", detected]]),
  });
  const step: PlanStep = { mitigation: "m", lifts: ["ip-movement/x"], effort: 2, remediationKind: "deployment" };
  const subjects = [
    input([finding({ status: "fail", message: "one" })]),
    input([finding({ status: "fail", message: "two" })]),
    input([finding({ status: "unknown", missing: ["service.a"] })]),
    input([finding({ status: "unknown", missing: ["service.b"] })]),
    input([finding({ status: "fail" })], true),
    input([finding({ status: "mitigated", mitigation: "m" })], false, [step]),
    input([finding({ status: "mitigated", mitigation: "m" })], false, [{ ...step, effort: 3 }]),
    input([finding({ status: "pass" }), finding({ rule: "ip-movement/y", status: "fail", severity: "critical" })]),
    input([finding({ status: "fail" }), finding({ rule: "ip-movement/y", status: "pass", severity: "critical" })]),
    // The same statuses as the first, of another rule.
    input([finding({ rule: "ip-movement/z", status: "fail", severity: "critical" })]),
    input([finding({ rule: "ip-movement/z", status: "fail", severity: "critical", message: "again" })]),
  ];

  it("gives every subject the results it gets scored alone, sharing them only where findings, plan and detection agree", () => {
    const shared = { ...context(), memo: new Map() };
    const results = subjects.map((s) => scoreService(s, shared).results);
    expect(results).toEqual(subjects.map((s) => scoreService(s, context()).results));
    // The first two differ only in a message, as do the last two: one result serves each pair.
    expect(results[1]?.[0]).toBe(results[0]?.[0]);
    expect(results.at(-1)?.[0]).toBe(results.at(-2)?.[0]);
    expect(shared.memo.size).toBe(subjects.length - 2);
  });

  it("freezes a shared result, so no subject can change it for the others", () => {
    const shared = { ...context(), memo: new Map() };
    const [result] = scoreService(subjects[5] as ReturnType<typeof input>, shared).results;
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result?.plan[0]?.lifts)).toBe(true);
  });
});

describe("rescoreMessages", () => {
  const events = { restart: 1, reschedule: 1, "ip-change": 1, sigkill: 1, drain: 1, upgrade: 1, "host-failure": 1 };
  const context = {
    settings: DEFAULT_SCORING,
    rules: new Map(),
    placements: new Map([
      ["poci", { events, waveFamily: "fixed" as const }],
      ["k8s-scheduled", { events, waveFamily: "scheduled" as const }],
    ]),
  };
  /** A workload's findings: what breaks when it moves off poci, failing or lifted, in words of its own. */
  const input = (said: string) => {
    const under = (placement: string, over: Partial<Finding>[]) =>
      over.map((o) => finding({ placement, message: `${o.rule} ${said}`, ...o }));
    return {
      findingsByPlacement: new Map([
        [
          "poci",
          under("poci", [
            { rule: "ip-movement/a", status: "pass" },
            { rule: "termination/b", dimension: "termination", status: "pass" },
          ]),
        ],
        [
          "k8s-scheduled",
          under("k8s-scheduled", [
            { rule: "ip-movement/a", status: "fail", severity: "high" },
            { rule: "termination/b", dimension: "termination", status: "mitigated", mitigation: "m" },
          ]),
        ],
      ]),
      plans: new Map<string, PlanStep[]>([
        ["poci", []],
        ["k8s-scheduled", [{ mitigation: "m", lifts: ["termination/b"], effort: 1, remediationKind: "deployment" }]],
      ]),
      detected: new Map([
        ["poci", false],
        ["k8s-scheduled", true],
      ]),
    };
  };

  it("scores findings that differ only in their messages as scoring them whole does, quoting their own messages", () => {
    const first = scoreService(input("in region a"), context);
    const second = input("in region b");
    const rescored = rescoreMessages(first, second, context);
    expect(rescored).toEqual(scoreService(second, context));
    expect(rescored.results).toBe(first.results);
    expect(rescored.recommendation).toBe(first.recommendation);
    expect(JSON.stringify([rescored.delta, rescored.survival])).toContain("in region b");
    expect(JSON.stringify([rescored.delta, rescored.survival])).not.toContain("in region a");
  });

  it("holds once for both the parts that quote no message that differs", () => {
    const first = scoreService(input("in region a"), context);
    const said = input("in region b");
    // Only the failing ip-movement finding speaks of its region: the termination answer quotes none of it.
    const termination = (said.findingsByPlacement.get("k8s-scheduled") ?? []).map((f) =>
      f.dimension === "termination" ? { ...f, message: `${f.rule} in region a` } : f,
    );
    said.findingsByPlacement.set("k8s-scheduled", termination);
    const rescored = rescoreMessages(first, said, context);
    expect(rescored).toEqual(scoreService(said, context));
    expect(rescored.survival.termination).toBe(first.survival.termination);
    expect(rescored.survival["ip-movement"]).not.toBe(first.survival["ip-movement"]);
    expect(rescored.delta).not.toBe(first.delta);

    const same = rescoreMessages(first, input("in region a"), context);
    expect(same.survival).toBe(first.survival);
    expect(same.delta).toBe(first.delta);
  });

  it("tells a generic workload that nothing is known where no rule of a dimension applies, and a catalog service that it survives", () => {
    const notApplicable = (placement: string) => [
      finding({ placement, rule: "ip-movement/a", status: "not-applicable" }),
      finding({ placement, rule: "termination/b", dimension: "termination", status: "not-applicable" }),
    ];
    const findings = {
      findingsByPlacement: new Map([
        ["poci", notApplicable("poci")],
        ["k8s-scheduled", notApplicable("k8s-scheduled")],
      ]),
      plans: new Map<string, PlanStep[]>(),
      detected: new Map<string, boolean>(),
    };
    const answers = (generic: boolean) => {
      const { survival } = scoreService({ ...findings, ...(generic ? { generic } : {}) }, context);
      return [survival["ip-movement"].answer, survival.termination.answer];
    };
    expect(answers(true)).toEqual(["unknown", "unknown"]);
    expect(answers(false)).toEqual(["yes", "yes"]);
  });

  it("writes each survival and recommendation reason once in a run that pools them, however many workloads are told it", () => {
    const pooling = { ...context, reasons: new Map<string, string>() };
    const said = ["in region a", "in region a", "in region b"];
    const told = said.map((text) => scoreService(input(text), pooling));
    const unpooled = said.map((text) => scoreService(input(text), context));
    expect(told.map((s) => s.survival)).toEqual(unpooled.map((s) => s.survival));
    expect(told.map((s) => s.recommendation)).toEqual(unpooled.map((s) => s.recommendation));
    expect([...pooling.reasons.keys()]).toEqual([
      "k8s-scheduled: not-fit, overall 0 (0 with mitigations); fails ip-movement/a (high).",
      "poci: ready, overall 100 as-is; no rule fails.",
      "ip-movement/a (high): ip-movement/a in region a",
      "termination/b (medium) is lifted by m: termination/b in region a",
      "ip-movement/a (high): ip-movement/a in region b",
      "termination/b (medium) is lifted by m: termination/b in region b",
    ]);
  });
});
