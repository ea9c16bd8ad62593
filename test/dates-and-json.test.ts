import { afterEach, describe, expect, it } from "vitest";
import { sourceDateEpoch } from "../src/cli/options.js";
import { applyWaivers, isCoveredBy } from "../src/gate/waivers.js";
import type { Waiver } from "../src/model/policy.js";
import { renderJson } from "../src/report/json.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

const waiver: Waiver = {
  rule: "ip-movement/identity-from-hostname",
  service: "demo-*",
  reason: "pinned in the next release",
  owner: "team-compute",
  expires: "2026-12-31",
};

describe("waiver expiry", () => {
  it("waives the finding on the expiry day itself and not the day after", () => {
    const a = sampleAssessment([sampleFinding()]);
    expect(applyWaivers(a, [waiver], "2026-12-31").assessment.findings[0]?.status).toBe("waived");
    expect(applyWaivers(a, [waiver], "2027-01-01").assessment.findings[0]?.status).toBe("fail");
  });

  it("refuses a today that is not a four-digit-year date instead of comparing it as text", () => {
    const a = sampleAssessment([sampleFinding()]);
    expect(() => applyWaivers(a, [waiver], "+010000-01-01")).toThrow(/YYYY-MM-DD/);
    expect(() => applyWaivers(a, [waiver], "2026-1-1")).toThrow(/YYYY-MM-DD/);
  });
});

describe("waiver coverage and rescoring", () => {
  it("covers a finding only with the same rule, a matching service glob and the same placement when named", () => {
    const finding = sampleFinding();
    expect(isCoveredBy(finding, waiver)).toBe(true);
    expect(isCoveredBy(finding, { ...waiver, placement: "k8s-scheduled" })).toBe(true);
    expect(isCoveredBy(finding, { ...waiver, placement: "swarm" })).toBe(false);
    expect(isCoveredBy(finding, { ...waiver, rule: "termination/other" })).toBe(false);
    expect(isCoveredBy(finding, { ...waiver, service: "nova-*" })).toBe(false);
  });

  it("rescores only the waived (service, placement), counting the effort of the failures left", () => {
    const waived = sampleFinding({ effort: 3 });
    const kept = sampleFinding({ rule: "ip-movement/other", effort: 5 });
    const otherService = sampleFinding({ service: "other-worker", effort: 8 });
    const base = sampleAssessment([waived, kept, otherService]);
    const outcome = applyWaivers(base, [{ ...waiver, service: "demo-worker" }], "2026-06-01");
    const result = (name: string) => outcome.assessment.services.find((s) => s.name === name)?.results[0];
    expect(result("demo-worker")?.effort).toBe(5);
    expect(result("demo-worker")?.counts).toMatchObject({ fail: 1, waived: 1 });
    expect(result("other-worker")).toEqual(base.services.find((s) => s.name === "other-worker")?.results[0]);
  });
});

describe("SOURCE_DATE_EPOCH", () => {
  const saved = process.env.SOURCE_DATE_EPOCH;
  afterEach(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  it("accepts whole seconds up to the end of year 9999", () => {
    process.env.SOURCE_DATE_EPOCH = "253402300799";
    expect(sourceDateEpoch()).toBe(253402300799);
  });

  it("refuses a value past year 9999 as a usage error, not an internal error", () => {
    for (const raw of ["253402300800", "99999999999999999999", "1e3", "-1"]) {
      process.env.SOURCE_DATE_EPOCH = raw;
      expect(() => sourceDateEpoch()).toThrow(/expected SOURCE_DATE_EPOCH/);
    }
  });
});

describe("renderJson", () => {
  it("keeps replacement patterns in messages as they are", () => {
    const message = "costs $$ and $& and $` and $' here";
    const a = sampleAssessment([sampleFinding({ message })]);
    const parsed = JSON.parse(renderJson(a));
    expect(parsed.findings[0].message).toBe(message);
  });
});
