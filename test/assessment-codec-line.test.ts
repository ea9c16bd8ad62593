import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import type { Finding } from "../src/model/assessment.js";
import { assessmentEncoder } from "../src/model/assessment-codec.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

/** Text with the characters JSON escapes, lone surrogates and names' usual punctuation among plain letters. */
const text = fc.string({ unit: fc.constantFrom("a", "b", "-", "/", " ", '"', "\\", "\n", "\u0001", "é", "\ud800", "\u2028", "💥") });

/** A finding as a caller may hand one over: fields that differ from its rule's, extra and odd keys, a workload or none. */
const finding = fc.record(
  {
    rule: fc.constantFrom("ip-movement/identity-from-hostname", "termination/other", "x/not-a-rule"),
    service: fc.oneof(fc.constantFrom("nova-api", "demo-worker"), text),
    workload: fc.option(
      fc.record({ kind: fc.constantFrom("Deployment", "Job"), namespace: text, name: text, file: text, line: fc.nat(99) }),
      { nil: undefined },
    ),
    placement: fc.constantFrom("k8s-scheduled", "poci"),
    status: fc.constantFrom("pass", "fail", "unknown", "not-applicable", "mitigated", "waived"),
    severity: fc.constantFrom("low", "high"),
    dimension: fc.constantFrom("ip-movement", "termination"),
    trigger: fc.constantFrom("hostname-change", "sigterm"),
    effort: fc.constantFrom(3, 1, 2.5),
    message: fc.oneof(text, fc.constant("Title of ip-movement/identity-from-hostname: holds for nova-api under k8s-scheduled")),
    mitigation: fc.option(text, { nil: undefined }),
    missing: fc.option(fc.array(text, { maxLength: 2 }), { nil: undefined }),
    locations: fc.array(fc.record({ file: text, line: fc.nat(500), column: fc.nat(80) }), { maxLength: 2 }),
    "7": fc.option(fc.constant("an index-like key"), { nil: undefined }),
    extra: fc.option(fc.oneof(fc.constant(null), fc.integer(), fc.constant({ nested: [1, "two"] })), { nil: undefined }),
  },
  { requiredKeys: ["rule", "service", "placement", "status", "severity", "dimension", "trigger", "effort", "message", "locations"] },
) as fc.Arbitrary<Finding>;

describe("findingLine: a finding's line, made without the stored finding", () => {
  const assessment = sampleAssessment([sampleFinding(), sampleFinding({ rule: "termination/other", dimension: "termination" })]);

  test.prop([fc.array(finding, { minLength: 1, maxLength: 6 })], { numRuns: 400 })(
    "is the stored finding's JSON, workload ids given in the same order",
    (findings) => {
      const byObject = assessmentEncoder(assessment);
      const byLine = assessmentEncoder(assessment);
      for (const f of findings) expect(byLine.findingLine(f)).toBe(JSON.stringify(byObject.finding(f)));
      expect(byLine.file([]).workloads).toEqual(byObject.file([]).workloads);
    },
  );

  it("leaves out what the rule says, as the stored finding does", () => {
    const line = assessmentEncoder(assessment).findingLine(sampleFinding({ status: "pass", message: "x", locations: [] }));
    expect(line).toBe(
      '{"rule":"ip-movement/identity-from-hostname","service":"demo-worker","placement":"k8s-scheduled","status":"pass","severity":"high","message":"x"}',
    );
  });
});
