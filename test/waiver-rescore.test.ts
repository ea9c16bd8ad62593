import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { applyWaivers } from "../src/gate/waivers.js";
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

describe("waivers re-score with the scoring assess uses", () => {
  // Peers by IP literal fail under the scheduled placement (high, no deployment mitigation), so the
  // service is recommended pinned, wave 3. Waiving that failure makes the scheduled placement ready.
  const profile = profileYaml("ip-peers", {
    process: { sigterm: "immediate" },
    network: { hostNetwork: false, peers: [{ name: "cluster", addressing: "ip-literal" }] },
    logging: { default: "stdout" },
  });
  const before = assess(standardInputs([profile]), { scoring: TEST_SCORING, tool: TOOL, generatedAt: null });
  const waived = applyWaivers(
    before,
    [
      {
        rule: "ip-movement/peers-by-ip",
        service: "ip-peers",
        placement: "sched",
        reason: "peers move to DNS names next release",
        owner: "team-db",
        expires: "2030-01-01",
      },
    ],
    "2026-01-01",
  ).assessment;

  it("starts pinned, in wave 3, the target of its delta", () => {
    const service = before.services[0];
    expect(service?.recommendation).toMatchObject({ placement: "pin", fit: "ready" });
    expect(service?.wave).toBe(3);
    expect(service?.delta.target).toBe("pin");
    expect(service?.delta.breaks).toEqual([]);
  });

  it("moves the recommendation, delta and wave together after the waiver", () => {
    const service = waived.services[0];
    const sched = service?.results.find((r) => r.placement === "sched");
    expect(sched?.fitWithMitigations).toBe("ready");
    expect(service?.recommendation).toMatchObject({ placement: "sched", fit: sched?.fitWithMitigations });
    expect(service?.wave).toBe(1);
    expect(service?.delta.target).toBe("sched");
    // The waived rule is accepted, so nothing breaks under the new target.
    expect(service?.delta.breaks).toEqual([]);
    expect(service?.results.find((r) => r.placement === "sched")?.counts).toMatchObject({ waived: 1, fail: 0 });
    expect(service?.survival["ip-movement"].answer).toBe("yes");
    expect(waived.waves.find((w) => w.wave === 1)?.services).toEqual(["ip-peers"]);
    expect(waived.waves.find((w) => w.wave === 3)?.services).toEqual([]);
  });
});

describe("a waiver that makes a placement ready as-is", () => {
  it("keeps it ready with mitigations too, though the plan still lifts a finding", () => {
    // As-is: twelve-factor 91 (a low failure the plan lifts), ip-movement 50 (a high failure), so
    // ready with mitigations and a plan. Waiving the high failure makes it ready as-is.
    const inputs = buildInputs([
      placementYaml("sched", "scheduled"),
      ruleYaml("twelve-factor/logs-to-stream", { severity: "low", fails: "service.logging.default == 'file'" }),
      ruleYaml("twelve-factor/p1", { fails: "false" }),
      ruleYaml("twelve-factor/p2", { fails: "false" }),
      ruleYaml("ip-movement/always-fails", { fails: "true" }),
      ruleYaml("ip-movement/p3", { fails: "false" }),
      ruleYaml("termination/p4", { fails: "false" }),
      mitigationYaml("log-to-stderr", { sets: { "service.logging.default": "'stderr'" }, effort: 1 }),
      profileYaml("file-logger", { logging: { default: "file" } }),
    ]);
    const scoring = { ...TEST_SCORING, preference: ["sched"], target: "sched" };
    const before = assess(inputs, { scoring, tool: TOOL, generatedAt: null });
    expect(before.services[0]?.results[0]).toMatchObject({ fit: "ready-with-mitigations", plan: [{ mitigation: "log-to-stderr" }] });
    const waiver = {
      rule: "ip-movement/always-fails",
      service: "file-logger",
      reason: "accepted for the pilot",
      owner: "team-ops",
      expires: "2030-01-01",
    };
    const after = applyWaivers(before, [waiver], "2026-01-01").assessment.services[0];
    expect(after?.results[0]?.fit).toBe("ready");
    expect(after?.results[0]?.fitWithMitigations).toBe("ready");
    expect(after?.recommendation).toMatchObject({ placement: "sched", fit: "ready" });
    expect(after?.wave).toBe(1);
  });
});
