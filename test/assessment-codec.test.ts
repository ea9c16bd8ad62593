import { describe, expect, it } from "vitest";
import type { Finding, ServiceResult } from "../src/model/assessment.js";
import { decodeAssessmentFile, encodeAssessmentFile } from "../src/model/assessment-codec.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";
import { hasFastProperties, haveSameMap } from "./helpers/fast-properties.js";

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

describe("the services of the assessment file", () => {
  it("name each workload by its id, last, and are records of one shape, not hash tables", () => {
    const base = sampleAssessment([sampleFinding()]).services[0] as ServiceResult;
    const services = Array.from({ length: 40 }, (_, i) => ({
      ...base,
      workload: { kind: "Deployment", namespace: "openstack", name: `api-${i}`, file: `region-${i}/nova.yaml`, line: 3 },
    }));
    const stored = encodeAssessmentFile({ ...sampleAssessment([]), services }).services;
    expect(stored.map((s) => Object.keys(s))).toEqual(services.map((s) => [...Object.keys(s).filter((k) => k !== "workload"), "workload"]));
    expect(stored.map((s) => s.workload)).toEqual(services.map((_, i) => `w${i + 1}`));
    expect(stored.every((s) => hasFastProperties(s))).toBe(true);
    expect(stored.every((s) => haveSameMap(s, stored[0] as object))).toBe(true);
  });
});
