import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { evaluateRules } from "../src/engine/evaluate.js";
import { mitigatePlacement } from "../src/engine/mitigate.js";
import { casePlacement, caseService } from "../src/engine/rule-test.js";
import { buildPlacementSubject, buildServiceSubject } from "../src/engine/subject.js";
import type { Assessment } from "../src/model/assessment.js";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import {
  buildInputs,
  mitigationYaml,
  placementYaml,
  profileYaml,
  ruleYaml,
  standardInputs,
  TEST_SCORING,
} from "./helpers/scoring-fixtures.js";

const TOOL = { name: "blendcheck", version: "0.0.0-test" };

const graceful = profileYaml("slow-worker", {
  process: { sigterm: "graceful", shutdownSeconds: 120 },
  network: { hostNetwork: false, peers: [] },
  logging: { default: "stdout" },
});
const ipPeers = profileYaml("ip-peers", {
  process: { sigterm: "immediate" },
  network: { hostNetwork: false, peers: [{ name: "cluster", addressing: "ip-literal" }] },
  logging: { default: "stdout" },
});

function run(profiles: readonly string[]): Assessment {
  return assess(standardInputs(profiles), { scoring: TEST_SCORING, tool: TOOL, generatedAt: null });
}

const service = (a: Assessment, name: string) => a.services.find((s) => s.name === name);
const result = (a: Assessment, name: string, placement: string) => service(a, name)?.results.find((r) => r.placement === placement);

describe("mitigate stage", () => {
  it("marks a finding a mitigation lifts as mitigated with the mitigation's id, never pass", () => {
    const a = run([graceful]);
    const lifted = a.findings.filter((f) => f.service === "slow-worker" && f.placement === "sched" && f.rule.startsWith("termination/"));
    expect(lifted.map((f) => [f.rule, f.status, f.mitigation])).toEqual([
      ["termination/grace-covers-shutdown", "mitigated", "raise-grace"],
      ["termination/grace-drains-rpc", "mitigated", "raise-grace"],
    ]);
  });

  it("chooses the cheapest set of mitigations that reaches the best fit", () => {
    const r = result(run([graceful]), "slow-worker", "sched");
    expect(r?.plan).toEqual([
      {
        mitigation: "raise-grace",
        lifts: ["termination/grace-covers-shutdown", "termination/grace-drains-rpc"],
        effort: 1,
        remediationKind: "deployment",
      },
    ]);
    expect(r?.planEffort).toBe(1);
    expect(r?.fit).not.toBe("ready");
    expect(r?.fitWithMitigations).toBe("ready-with-mitigations");
  });

  it("drops a mitigation that a dearer one chosen after it makes redundant", () => {
    // Greedy by weight per point picks only-a (5 / 1) first, then both (3 more / 2); both alone lifts
    // everything, so only-a is dropped: the plan costs 2, not 3.
    const inputs = buildInputs([
      placementYaml("sched", "scheduled"),
      ruleYaml("termination/a-holds", { severity: "high", fails: "service.a == 1" }),
      ruleYaml("termination/b-holds", { severity: "medium", fails: "service.b == 1" }),
      mitigationYaml("only-a", { sets: { "service.a": "0" }, effort: 1 }),
      mitigationYaml("both", { sets: { "service.a": "0", "service.b": "0" }, effort: 2 }),
    ]);
    const sched = inputs.placements[0];
    if (!sched) throw new Error("fixture");
    const service = caseService({ name: "two-faults", a: 1, b: 1 });
    const placement = casePlacement(sched.value, undefined);
    const outcome = mitigatePlacement({
      rules: inputs.rules,
      mitigations: inputs.mitigations,
      service,
      placement,
      findings: evaluateRules(inputs.rules, service, placement),
      settings: DEFAULT_SCORING,
      ruleIndex: new Map(),
    });
    expect(outcome.plan.map((p) => [p.mitigation, p.lifts])).toEqual([["both", ["termination/a-holds", "termination/b-holds"]]]);
  });

  it("never plans a mitigation that makes a rule that holds as-is fail", () => {
    // trade-b lifts a-holds for 1 point but sets b = 1, which breaks b-holds (passing as-is);
    // clean-a lifts a-holds for 3 points without touching b: the plan must be clean-a.
    const inputs = buildInputs([
      placementYaml("sched", "scheduled"),
      ruleYaml("termination/a-holds", { severity: "high", fails: "service.a == 1" }),
      ruleYaml("termination/b-holds", { severity: "medium", fails: "service.b == 1" }),
      ruleYaml("termination/c-holds", { severity: "medium", fails: "service.c == 1" }),
      mitigationYaml("trade-b", { sets: { "service.a": "0", "service.b": "1" }, effort: 1 }),
      mitigationYaml("clean-a", { sets: { "service.a": "0" }, effort: 3 }),
      mitigationYaml("half-c", { sets: { "service.c": "service.c + 1" }, effort: 1 }),
    ]);
    const sched = inputs.placements[0];
    if (!sched) throw new Error("fixture");
    const service = caseService({ name: "trader", a: 1, b: 0, c: 0 });
    const placement = casePlacement(sched.value, undefined);
    const outcome = mitigatePlacement({
      rules: inputs.rules,
      mitigations: inputs.mitigations,
      service,
      placement,
      findings: evaluateRules(inputs.rules, service, placement),
      settings: DEFAULT_SCORING,
      ruleIndex: new Map(),
    });
    expect(outcome.plan.map((p) => [p.mitigation, p.lifts])).toEqual([["clean-a", ["termination/a-holds"]]]);
    expect(outcome.findings.filter((f) => f.status !== "pass").map((f) => [f.rule, f.status, f.mitigation])).toEqual([
      ["termination/a-holds", "mitigated", "clean-a"],
    ]);
  });

  it("never plans two mitigations that make a holding rule fail together", () => {
    // fix-a and fix-e each set one half of g-holds' failure; alone they break nothing, together
    // they do, so the dearer clean fix for e is planned beside fix-a.
    const inputs = buildInputs([
      placementYaml("sched", "scheduled"),
      ruleYaml("termination/a-holds", { severity: "high", fails: "service.a == 1" }),
      ruleYaml("termination/e-holds", { severity: "high", fails: "service.e == 1" }),
      ruleYaml("termination/g-holds", { severity: "medium", fails: "service.p == 1 && service.q == 1" }),
      mitigationYaml("fix-a", { sets: { "service.a": "0", "service.p": "1" }, effort: 1 }),
      mitigationYaml("fix-e", { sets: { "service.e": "0", "service.q": "1" }, effort: 1 }),
      mitigationYaml("fix-e-clean", { sets: { "service.e": "0" }, effort: 5 }),
    ]);
    const sched = inputs.placements[0];
    if (!sched) throw new Error("fixture");
    const service = caseService({ name: "pair", a: 1, e: 1, p: 0, q: 0 });
    const placement = casePlacement(sched.value, undefined);
    const outcome = mitigatePlacement({
      rules: inputs.rules,
      mitigations: inputs.mitigations,
      service,
      placement,
      findings: evaluateRules(inputs.rules, service, placement),
      settings: DEFAULT_SCORING,
      ruleIndex: new Map(),
    });
    expect(outcome.plan.map((p) => p.mitigation)).toEqual(["fix-a", "fix-e-clean"]);
  });

  it("plans nothing for a service already ready as-is: a mitigation never lowers the fit", () => {
    // twelve-factor: two high passes and a low failure → 91; the other dimensions pass → overall 97, ready.
    const inputs = buildInputs([
      placementYaml("sched", "scheduled"),
      ruleYaml("twelve-factor/a-holds", { severity: "low", fails: "service.a == 1" }),
      ruleYaml("twelve-factor/b-holds", { fails: "service.b == 1" }),
      ruleYaml("twelve-factor/c-holds", { fails: "service.b == 1" }),
      ruleYaml("termination/d-holds", { fails: "service.b == 1" }),
      ruleYaml("ip-movement/e-holds", { fails: "service.b == 1" }),
      mitigationYaml("only-a", { sets: { "service.a": "0" }, effort: 1 }),
    ]);
    const sched = inputs.placements[0];
    if (!sched) throw new Error("fixture");
    const service = caseService({ name: "nearly", a: 1, b: 0 });
    const placement = casePlacement(sched.value, undefined);
    const findings = evaluateRules(inputs.rules, service, placement);
    const outcome = mitigatePlacement({
      rules: inputs.rules,
      mitigations: inputs.mitigations,
      service,
      placement,
      findings,
      settings: DEFAULT_SCORING,
      ruleIndex: new Map(),
    });
    expect(outcome.plan).toEqual([]);
    expect(outcome.findings.find((f) => f.rule === "twelve-factor/a-holds")?.status).toBe("fail");
  });

  it("plans nothing where no finding fails, and nothing for placements a mitigation does not list", () => {
    const a = run([graceful]);
    expect(result(a, "slow-worker", "fixed")?.plan).toEqual([]);
    expect(result(a, "slow-worker", "pin")?.plan).toEqual([]);
    expect(a.findings.some((f) => f.placement === "pin" && f.status === "mitigated")).toBe(false);
  });

  it("does not apply an upstream mitigation to the fit, but ranks it by the services it unlocks", () => {
    const a = run([ipPeers]);
    const peers = a.findings.find((f) => f.service === "ip-peers" && f.placement === "sched" && f.rule === "ip-movement/peers-by-ip");
    expect(peers?.status).toBe("fail");
    expect(result(a, "ip-peers", "sched")?.plan).toEqual([]);
    expect(a.upstream).toEqual([
      {
        mitigation: "peers-by-dns",
        title: "Title of peers-by-dns",
        effort: 8,
        unlocks: [{ service: "ip-peers", placement: "sched", fit: "ready-with-mitigations" }],
      },
    ]);
  });

  it("reports the upstream change of each placement it applies to, with the fit it would reach", () => {
    const inputs = standardInputs([ipPeers]);
    const profile = inputs.profiles[0];
    const sched = inputs.placements.find((p) => p.value.metadata.name === "sched");
    if (!profile || !sched) throw new Error("fixture");
    const subject = buildServiceSubject(profile);
    const placement = buildPlacementSubject(sched.value, subject);
    const outcome = mitigatePlacement({
      rules: inputs.rules,
      mitigations: inputs.mitigations,
      service: subject,
      placement,
      findings: evaluateRules(inputs.rules, subject, placement),
      settings: DEFAULT_SCORING,
      ruleIndex: new Map(),
    });
    expect(outcome.upstream).toEqual([{ mitigation: "peers-by-dns", fit: "ready-with-mitigations" }]);
    expect(outcome.findings.filter((f) => f.status === "mitigated")).toEqual([]);
  });
});

describe("scoring v2 through assess", () => {
  it("makes a blocking failure not-fit whatever the score, and the recommendation passes it over", () => {
    const hostNet = profileYaml("needs-host", {
      process: { sigterm: "immediate" },
      network: { hostNetwork: true, peers: [] },
      logging: { default: "stdout" },
    });
    const a = run([hostNet]);
    const r = result(a, "needs-host", "sched");
    // ip-movement: the blocking medium fails (3), peers-by-ip passes (5) → 63; twelve-factor's lone
    // low rule is too light to count in the overall. By score alone the fit would be needs-work.
    expect(r?.scores.overall).toBe(63);
    expect(r?.scores.overall).toBeGreaterThanOrEqual(TEST_SCORING.thresholds.needsWork);
    expect(r?.fit).toBe("not-fit");
    expect(r?.fitWithMitigations).toBe("not-fit");
    expect(r?.blockedBy).toEqual(["ip-movement/needs-host-network"]);
    expect(service(a, "needs-host")?.recommendation.placement).toBe("pin");
    expect(service(a, "needs-host")?.wave).toBe(3);
  });

  it("counts one mechanism once in the score and the effort", () => {
    const a = run([graceful]);
    const r = result(a, "slow-worker", "sched");
    // Both grace rules pass under `fixed` (600 s) and fail as-is under `sched`: two breaks, one mechanism.
    expect(service(a, "slow-worker")?.delta).toMatchObject({ target: "sched", effort: 3 });
    expect(service(a, "slow-worker")?.delta.breaks.map((b) => b.rule)).toEqual([
      "termination/grace-covers-shutdown",
      "termination/grace-drains-rpc",
    ]);
    // termination: grace-covers-shutdown (high, effort 1) and grace-drains-rpc (medium, effort 3)
    // share `grace-period`: one failure of weight 5 → 0; effort = max(1, 3) = 3, not 1 + 3.
    expect(r?.scores.termination).toBe(0);
    expect(r?.effort).toBe(3);
  });

  it("says insufficient data, naming the missing facts, instead of falling through to another placement", () => {
    const thin = profileYaml("thin", { network: { hostNetwork: false } });
    const a = run([thin]);
    const r = result(a, "thin", "sched");
    expect(r?.fitWithMitigations).toBe("unknown");
    expect(r?.missingFacts).toEqual(["service.logging", "service.process"]);
    const recommendation = service(a, "thin")?.recommendation;
    expect(recommendation?.placement).toBe("sched");
    expect(recommendation?.fit).toBe("unknown");
    expect(recommendation?.reasons.at(-1)).toContain("missing facts: service.logging, service.process");
    expect(service(a, "thin")?.wave).toBe(5);
  });

  it("puts services in waves by the wave family of a placement no code names", () => {
    const ready = profileYaml("quick", {
      process: { sigterm: "immediate" },
      network: { hostNetwork: false, peers: [] },
      logging: { default: "stdout" },
    });
    const a = run([ready, graceful]);
    expect(service(a, "quick")?.recommendation).toMatchObject({ placement: "sched", fit: "ready" });
    expect(service(a, "quick")?.wave).toBe(1);
    expect(service(a, "slow-worker")?.recommendation).toMatchObject({ placement: "sched", fit: "ready-with-mitigations" });
    expect(service(a, "slow-worker")?.wave).toBe(2);
    const waves = new Map(a.waves.map((w) => [w.wave, w]));
    expect(waves.get(1)).toMatchObject({ family: "scheduled", placement: "sched", services: ["quick"] });
    expect(waves.get(2)).toMatchObject({ family: "scheduled", services: ["slow-worker"], effort: 1 });
  });

  it("answers the two survival questions with the mitigations that make the answer yes", () => {
    const a = run([graceful, ipPeers]);
    expect(service(a, "slow-worker")?.survival.termination).toMatchObject({
      answer: "with-mitigations",
      placement: "sched",
      mitigations: ["raise-grace"],
    });
    expect(service(a, "slow-worker")?.survival["ip-movement"]).toMatchObject({ answer: "yes", placement: "sched" });
    expect(service(a, "ip-peers")?.survival["ip-movement"].answer).toBe("no");
    expect(service(a, "ip-peers")?.survival["ip-movement"].reasons[0]).toContain("ip-movement/peers-by-ip");
  });
});
