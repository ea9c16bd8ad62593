import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/assessment.js";
import { decodeAssessmentFile, encodeAssessmentFile } from "../src/model/assessment-codec.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

const RULE = "ip-movement/identity-from-hostname";
const TITLE = `Title of ${RULE}`;

/** A finding of `status` with `message`, locations left out. */
function finding(status: Finding["status"], message: string, placement = "k8s-scheduled"): Finding {
  return sampleFinding({ status, message, placement, locations: [] });
}

describe("a finding's message in the assessment file", () => {
  const findings = [
    finding("pass", `${TITLE}: holds for demo-worker under k8s-scheduled`),
    finding("not-applicable", `${TITLE}: does not apply to demo-worker`),
    // Each of these differs from the message the file can derive, at its end, in its middle or at its start.
    finding("pass", `${TITLE}: holds for demo-worker under k8s-scheduled, twice`),
    finding("pass", `${TITLE}: holds for demo-worker under k8s-schedule`),
    finding("pass", `${TITLE}: holds for demo-worker over k8s-scheduled`),
    finding("pass", `${TITLE}: holds for demo under k8s-scheduled`),
    finding("pass", `Other ${TITLE}: holds for demo-worker under k8s-scheduled`),
    finding("pass", `${TITLE}: holds for demo-worker under poci`),
    finding("pass", `${TITLE}: holds for k8s-scheduled under demo-worker`),
    finding("not-applicable", `${TITLE}: does not apply to demo-worker at all`),
    finding("not-applicable", `${TITLE}: does not apply to demo`),
    // A failing finding's message is its own, even when it reads as a pass's.
    finding("fail", `${TITLE}: holds for demo-worker under k8s-scheduled`),
    // What the file holds as it is, beside the fields it writes in its own way.
    { ...finding("mitigated", "demo-worker registers itself by hostname"), mitigation: "stable-hostname" },
    { ...finding("unknown", "not known for demo-worker"), missing: ["service.identity"] },
  ];
  const assessment = sampleAssessment(findings);
  const stored = encodeAssessmentFile(assessment).findings;

  it("is left out exactly when it is the one the rule's and placement's titles give for a pass or a not-applicable", () => {
    expect(stored.map((f) => "message" in f)).toEqual([false, false, ...findings.slice(2).map(() => true)]);
  });

  it("comes back as it was", () => {
    const decoded = decodeAssessmentFile(encodeAssessmentFile(assessment));
    if (!decoded.ok) throw new Error(`${decoded.path}: ${decoded.message}`);
    expect(decoded.assessment.findings).toEqual(findings);
  });
});
