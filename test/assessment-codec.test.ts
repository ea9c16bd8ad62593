import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Finding, ServiceResult, Workload } from "../src/model/assessment.js";
import { decodeAssessmentFile, encodeAssessmentFile, findingEncoder, findingLineEncoder } from "../src/model/assessment-codec.js";
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

describe("a finding's line in the assessment file", () => {
  const header = sampleAssessment([sampleFinding(), sampleFinding({ rule: "termination/sigterm", placement: "poci" })]);
  const idOf = (service: string, workload: Workload) => `${service}/${workload.name}`;
  const stored = findingEncoder(header, idOf);
  const line = findingLineEncoder(header, idOf);
  const title = (rule: string) => `Title of ${rule}`;

  const messageOf = (status: Finding["status"], rule: string, service: string, placement: string): fc.Arbitrary<string | undefined> =>
    fc.oneof(
      fc.constant(undefined),
      fc.constant(`${title(rule)}: holds for ${service} under ${placement}`),
      fc.constant(`${title(rule)}: does not apply to ${service}`),
      fc.constant(`${title(rule)}: holds for ${service} under ${placement}`.slice(0, -1)),
      fc.constant(`${title(rule)}: does not apply to ${service}${status}`),
      fc.string({ unit: "binary" }),
    );
  const findingArb: fc.Arbitrary<Finding> = fc
    .record({
      rule: fc.constantFrom("ip-movement/identity-from-hostname", "termination/sigterm", "not/in-the-header"),
      service: fc.constantFrom("demo-worker", "demo", 'quo"ted\u2028'),
      placement: fc.constantFrom("k8s-scheduled", "poci", "swarm"),
      status: fc.constantFrom("pass", "fail", "unknown", "not-applicable", "mitigated", "waived"),
      severity: fc.constantFrom("high", "low", undefined),
      dimension: fc.constantFrom("ip-movement", "termination", undefined),
      trigger: fc.constantFrom("hostname-change", "sigkill", undefined),
      effort: fc.oneof(fc.constant(3), fc.integer({ min: 0, max: 8 }), fc.constant(undefined)),
      extra: fc.record(
        {
          missing: fc.array(fc.string()),
          mitigation: fc.string(),
          waiver: fc.record({ reason: fc.string(), until: fc.constant(undefined) }),
        },
        { requiredKeys: [] },
      ),
      workload: fc.option(
        fc.record({ kind: fc.constant("Deployment"), namespace: fc.string(), name: fc.string(), file: fc.string(), line: fc.nat() }),
        {
          nil: undefined,
        },
      ),
      locations: fc.array(fc.record({ file: fc.string(), line: fc.nat(), column: fc.nat() }), { maxLength: 2 }),
    })
    .chain((f) =>
      messageOf(f.status, f.rule, f.service, f.placement).map((message) => {
        const { extra, workload, ...rest } = f;
        return { ...rest, message, ...extra, ...(workload ? { workload } : {}) } as unknown as Finding;
      }),
    );

  it("is the text JSON.stringify gives for the finding as the file holds it", () => {
    fc.assert(
      fc.property(findingArb, (finding) => {
        expect(line(finding)).toBe(JSON.stringify(stored(finding)));
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves out a pass's or a not-applicable's message only when it is the one the rule's title derives", () => {
    const pass = sampleFinding({ status: "pass", placement: "poci", locations: [] });
    const derived = `${title(pass.rule)}: holds for demo-worker under poci`;
    expect(line({ ...pass, message: derived })).not.toContain('"message"');
    expect(line({ ...pass, message: `${derived}.` })).toContain('"message"');
    expect(line({ ...pass, message: derived.replace("holds for", "holds  for") })).toContain('"message"');
    const notApplicable = { ...pass, status: "not-applicable" as const };
    expect(line({ ...notApplicable, message: `${title(pass.rule)}: does not apply to demo-worker` })).not.toContain('"message"');
    expect(line({ ...notApplicable, message: `${title(pass.rule)}: does not apply to demo` })).toContain('"message"');
    // Without the title, the rest of the derived text is not matched from wherever the title was missed.
    expect(line({ ...notApplicable, service: " demo", message: ": does not apply to demo" })).toContain('"message"');
  });
});
