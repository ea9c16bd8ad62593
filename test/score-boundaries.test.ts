import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/assessment.js";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import { confidenceOf, fitOf } from "../src/score/score.js";
import { sampleFinding } from "./gate-sample.js";

const T = DEFAULT_SCORING.thresholds;
const scores = (overall: number | null) => ({ "twelve-factor": overall, "ip-movement": overall, termination: overall, overall });
const pass = sampleFinding({ status: "pass", severity: "medium" });
const highFail = sampleFinding({ status: "fail", severity: "high" });
const criticalFail = sampleFinding({ status: "fail", severity: "critical" });
const unknown = sampleFinding({ status: "unknown", severity: "medium" });

/** The fit of a confident result with the given overall score and findings. */
const fitAt = (overall: number | null, findings: Finding[] = [pass]) => fitOf(scores(overall), 1, findings, T);

describe("fit thresholds, each at and just below its boundary", () => {
  it("is ready at the ready threshold and ready-with-mitigations just below it", () => {
    expect(fitAt(T.ready)).toBe("ready");
    expect(fitAt(T.ready - 0.01)).toBe("ready-with-mitigations");
  });

  it("is not ready at the ready threshold with a high failure", () => {
    expect(fitAt(T.ready, [pass, highFail])).toBe("ready-with-mitigations");
    expect(fitAt(100, [highFail])).toBe("ready-with-mitigations");
  });

  it("is ready-with-mitigations at its threshold and needs-work just below it", () => {
    expect(fitAt(T.readyWithMitigations)).toBe("ready-with-mitigations");
    expect(fitAt(T.readyWithMitigations - 0.01)).toBe("needs-work");
  });

  it("needs work at its threshold and is not fit just below it", () => {
    expect(fitAt(T.needsWork)).toBe("needs-work");
    expect(fitAt(T.needsWork - 0.01)).toBe("not-fit");
  });

  it("is not fit on any critical failure, whatever the score", () => {
    expect(fitAt(100, [pass, criticalFail])).toBe("not-fit");
  });

  it("is unknown with no score", () => {
    expect(fitAt(null)).toBe("unknown");
  });

  it("follows thresholds a policy sets rather than the defaults", () => {
    const custom = { ...T, ready: 60, readyWithMitigations: 40, needsWork: 20 };
    expect(fitOf(scores(60), 1, [pass], custom)).toBe("ready");
    expect(fitOf(scores(59.99), 1, [pass], custom)).toBe("ready-with-mitigations");
    expect(fitOf(scores(20), 1, [pass], custom)).toBe("needs-work");
    expect(fitOf(scores(19.99), 1, [pass], custom)).toBe("not-fit");
  });
});

describe("the confidence cut", () => {
  it("decides the fit at the minimum confidence and is unknown just below it", () => {
    expect(fitOf(scores(100), T.minConfidence, [pass], T)).toBe("ready");
    expect(fitOf(scores(100), T.minConfidence - 0.001, [pass], T)).toBe("unknown");
  });

  it("counts passes, failures and waivers as decided, unknowns against, and not-applicable not at all", () => {
    const waived = sampleFinding({ status: "waived" });
    const notApplicable = sampleFinding({ status: "not-applicable" });
    expect(confidenceOf([pass, highFail, waived, unknown])).toBe(0.75);
    expect(confidenceOf([pass, unknown, notApplicable, notApplicable])).toBe(0.5);
    expect(confidenceOf([notApplicable])).toBe(0);
    expect(confidenceOf([])).toBe(0);
    expect(confidenceOf([pass, pass, unknown])).toBe(0.667);
  });

  it("puts three decided out of five exactly on the default cut", () => {
    const findings = [pass, pass, pass, unknown, unknown];
    expect(confidenceOf(findings)).toBe(0.6);
    expect(fitOf(scores(100), confidenceOf(findings), findings, T)).toBe("ready");
    const fewer = [pass, pass, pass, unknown, unknown, unknown];
    expect(fitOf(scores(100), confidenceOf(fewer), fewer, T)).toBe("unknown");
  });
});
