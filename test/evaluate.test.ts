import { describe, expect, it } from "vitest";
import { decideRule } from "../src/engine/evaluate.js";
import { placement, rule, service } from "./helpers/engine-subjects.js";

describe("decideRule", () => {
  const graceRule = rule("service.process.sigterm == 'graceful'", "service.process.shutdownSeconds > placement.graceSeconds");

  it("fails when the condition holds", () => {
    expect(
      decideRule(graceRule, service({ process: { sigterm: "graceful", shutdownSeconds: 180 } }), placement({ graceSeconds: 30 })),
    ).toEqual({ status: "fail" });
  });
  it("passes when it does not", () => {
    expect(
      decideRule(graceRule, service({ process: { sigterm: "graceful", shutdownSeconds: 20 } }), placement({ graceSeconds: 30 })),
    ).toEqual({ status: "pass" });
  });
  it("is not applicable when `when` is false", () => {
    expect(decideRule(graceRule, service({ process: { sigterm: "immediate" } }), placement({ graceSeconds: 30 }))).toEqual({
      status: "not-applicable",
    });
  });
  it("is unknown, naming the fact, when `fails` reads a missing fact", () => {
    expect(decideRule(graceRule, service({ process: { sigterm: "graceful" } }), placement({ graceSeconds: 30 }))).toEqual({
      status: "unknown",
      missing: ["service.process.shutdownSeconds"],
    });
  });
  it("is unknown when `when` reads a missing fact", () => {
    expect(decideRule(graceRule, service({}), placement({ graceSeconds: 30 }))).toEqual({
      status: "unknown",
      missing: ["service.process"],
    });
  });
  it("is not applicable, not unknown, when `when` is false on known facts whatever a missing one holds", () => {
    // CEL's && and || absorb an error on either side when the other side decides: a placement
    // without host networking makes this rule not apply even though the service fact is missing.
    for (const when of ["placement.hostNetwork && service.network.hostNetwork", "service.network.hostNetwork && placement.hostNetwork"]) {
      const hostRule = rule(when, "true");
      expect(decideRule(hostRule, service({}), placement({ hostNetwork: false }))).toEqual({ status: "not-applicable" });
      expect(decideRule(hostRule, service({}), placement({ hostNetwork: true }))).toMatchObject({ status: "unknown" });
    }
  });
  it("is unknown with a reason on a type error", () => {
    const verdict = decideRule(
      graceRule,
      service({ process: { sigterm: "graceful", shutdownSeconds: "long" } }),
      placement({ graceSeconds: 30 }),
    );
    expect(verdict.status).toBe("unknown");
  });
});
