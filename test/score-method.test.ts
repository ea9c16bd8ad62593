import { describe, expect, it } from "vitest";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import { describeScoringMethod } from "../src/score/method.js";

describe("describeScoringMethod", () => {
  it("states the weights most severe first, the light-dimension cut, the thresholds and the preference the assessment used", () => {
    const scoring = {
      ...DEFAULT_SCORING,
      weights: { low: 2, info: 0, critical: 12, medium: 4, high: 7 },
      thresholds: { minConfidence: 0.7, ready: 91, readyWithMitigations: 76, needsWork: 51 },
      preference: ["poci", "k8s-scheduled"],
    };
    const [score, confidence, fit, , effort] = describeScoringMethod(scoring);
    expect(score).toContain("with weights critical 12, high 7, medium 4, low 2, info 0;");
    expect(score).toContain("is at least 7, one high rule's weight");
    expect(confidence).toContain("Below 0.7 the placement has insufficient data");
    expect(fit).toContain(
      "ready at an overall score of 91 or more with no high failure; ready with mitigations at 76 or more; needs work at 51 or more;",
    );
    expect(effort).toContain("The recommendation walks poci, k8s-scheduled (then any other placement)");
  });
});
