import { describe, expect, it } from "vitest";
import type { GateResult, Violation } from "../src/gate/evaluate-gate.js";
import { formatGateSummary, formatUnrecognized, formatUnusedWaivers } from "../src/gate/summary.js";
import type { Assessment } from "../src/model/assessment.js";
import type { Waiver } from "../src/model/policy.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

type Unrecognized = Assessment["unrecognized"][number];

const waiver: Waiver = {
  rule: "ip-movement/identity-from-hostname",
  service: "demo-*",
  reason: "pinned next release",
  owner: "team-compute",
  expires: "2026-01-31",
};

/** A gate result over the given assessment with nothing checked, violated or waived unless given. */
function gateResult(overrides: Partial<GateResult> = {}, assessment: Assessment = sampleAssessment([])): GateResult {
  return { passed: true, assessment, checked: [], violations: [], expiredWaivers: [], unusedWaivers: [], baselined: 0, ...overrides };
}

function findingViolation(service: string, rule: string, placement = "k8s-scheduled"): Violation {
  return { service, placement, kind: "finding", rule, severity: "high", message: `${rule} fails for ${service}` };
}

function unrecognized(i: number): Unrecognized {
  return { file: `deploy/f${i}.yaml`, line: i + 1, kind: "Deployment", name: `thing-${i}`, reason: "no catalog service matches" };
}

describe("formatGateSummary when the gate passed", () => {
  it("is one line with the pairs checked and the waived count; the baseline part only when the baseline hid something", () => {
    const waived = sampleAssessment([
      sampleFinding({ status: "waived" }),
      sampleFinding({ rule: "termination/y", status: "waived" }),
      sampleFinding({ rule: "termination/x", status: "fail" }),
    ]);
    const checked = [
      { service: "a", placement: "poci" },
      { service: "b", placement: "poci" },
    ];
    expect(formatGateSummary(gateResult({ checked }, waived))).toBe(
      "blendcheck gate: passed: 2 (service, placement) pair(s) checked; 2 finding(s) waived\n",
    );
    expect(formatGateSummary(gateResult({ checked, baselined: 3 }, waived))).toBe(
      "blendcheck gate: passed: 2 (service, placement) pair(s) checked; 2 finding(s) waived; 3 already in the baseline\n",
    );
  });

  it("appends the unrecognized inputs after the verdict", () => {
    const assessment = { ...sampleAssessment([]), unrecognized: [unrecognized(0)] };
    const lines = formatGateSummary(gateResult({}, assessment)).split("\n");
    expect(lines[0]).toMatch(/^blendcheck gate: passed: /);
    expect(lines[1]).toBe("unrecognized inputs (1):");
    expect(lines[2]).toBe("  deploy/f0.yaml:1: Deployment thing-0: no catalog service matches");
  });
});

describe("formatGateSummary when the gate failed", () => {
  it("counts violations and failed pairs against checked pairs, and lists each pair's violations in name order", () => {
    const result = gateResult({
      passed: false,
      checked: [
        { service: "zeta", placement: "poci" },
        { service: "alpha", placement: "poci" },
        { service: "alpha", placement: "swarm" },
      ],
      violations: [
        findingViolation("zeta", "r/one", "poci"),
        { service: "alpha", placement: "poci", kind: "score", message: "overall score 10 is below the minimum 50" },
        findingViolation("alpha", "r/two", "poci"),
      ],
      baselined: 2,
    });
    expect(formatGateSummary(result).split("\n")).toEqual([
      "blendcheck gate: FAILED: 3 violation(s) in 2 of 3 (service, placement) pair(s); 0 finding(s) waived; 2 already in the baseline",
      "  alpha @ poci: overall score 10 is below the minimum 50; r/two (high) fails",
      "  zeta @ poci: r/one (high) fails",
      "top failing rules:",
      "  r/one: 1",
      "  r/two: 1",
      "",
    ]);
  });

  it("counts a workload's pair as failed for its own violations and for those of its whole service, not for a sibling's", () => {
    const web = { kind: "Deployment", namespace: "ns", name: "web", file: "deploy/a.yaml", line: 1 };
    const canary = { ...web, name: "canary", line: 30 };
    const sameLineOtherFile = { ...web, file: "deploy/b.yaml" };
    const checked = [web, canary, sameLineOtherFile].map((workload) => ({ service: "svc", workload, placement: "poci" }));
    const own = { ...findingViolation("svc", "r/own", "poci"), workload: canary };
    const whole = findingViolation("svc", "r/whole", "poci");
    const header = (violations: Violation[]) => formatGateSummary(gateResult({ passed: false, checked, violations })).split("\n")[0] ?? "";
    expect(header([own])).toContain("in 1 of 3 (service, placement) pair(s)");
    expect(header([{ ...own, workload: sameLineOtherFile }])).toContain("in 1 of 3 ");
    expect(header([{ ...own, placement: "swarm" }])).toContain("in 0 of 3 ");
    expect(header([{ ...own, service: "other" }])).toContain("in 0 of 3 ");
    expect(header([whole])).toContain("in 3 of 3 ");
    const withoutWorkload = formatGateSummary(
      gateResult({ passed: false, checked: [{ service: "svc", placement: "poci" }], violations: [own] }),
    );
    expect(withoutWorkload.split("\n")[0]).toContain("in 0 of 1 ");
    expect(formatGateSummary(gateResult({ passed: false, checked, violations: [own] }))).toContain(
      "  svc (Deployment ns/canary at deploy/a.yaml:30) @ poci: r/own (high) fails",
    );
  });

  it("lists at most twelve pairs and says how many more there are", () => {
    const services = Array.from({ length: 14 }, (_, i) => `svc-${String(i).padStart(2, "0")}`);
    const violations = services.map((s) => findingViolation(s, "r/x"));
    const lines = formatGateSummary(gateResult({ passed: false, violations })).split("\n");
    const pairLines = lines.filter((l) => l.startsWith("  svc-"));
    expect(pairLines).toHaveLength(12);
    expect(pairLines[0]).toBe("  svc-00 @ k8s-scheduled: r/x (high) fails");
    expect(pairLines[11]).toMatch(/^ {2}svc-11 @/);
    expect(lines).toContain("  … and 2 more pair(s)");
    const twelve = formatGateSummary(gateResult({ passed: false, violations: violations.slice(0, 12) }));
    expect(twelve).not.toContain("more pair(s)");
  });

  it("lists the top five failing rules by count, ties by name, counting only finding violations", () => {
    const violations = [
      ...["r/e", "r/d", "r/c", "r/b", "r/a", "r/f"].map((rule) => findingViolation("s", rule)),
      findingViolation("t", "r/f"),
      findingViolation("u", "r/f"),
      findingViolation("t", "r/c"),
      { service: "s", placement: "poci", kind: "score" as const, rule: "r/a", message: "a score" },
    ];
    const lines = formatGateSummary(gateResult({ passed: false, violations })).split("\n");
    const top = lines.slice(lines.indexOf("top failing rules:") + 1, -1);
    expect(top).toEqual(["  r/f: 3", "  r/c: 2", "  r/a: 1", "  r/b: 1", "  r/d: 1"]);
  });

  it("leaves out the top-rules heading when no finding failed", () => {
    const violations: Violation[] = [{ service: "s", placement: "poci", kind: "fit", message: "fit not-fit is below the required ready" }];
    const out = formatGateSummary(gateResult({ passed: false, violations }));
    expect(out).not.toContain("top failing rules");
    expect(out).toContain("  s @ poci: fit not-fit is below the required ready\n");
  });

  it("lists expired waivers apart from the pairs, at most twenty, and never as a pair line", () => {
    const expired = Array.from({ length: 22 }, (_, i) => ({ ...waiver, rule: `r/w${String(i).padStart(2, "0")}` }));
    const violations: Violation[] = expired.map((w) => ({
      service: "demo-worker",
      placement: "poci",
      kind: "waiver-expired",
      rule: w.rule,
      message: `waiver for ${w.rule} expired`,
    }));
    const lines = formatGateSummary(gateResult({ passed: false, violations, expiredWaivers: expired })).split("\n");
    expect(lines.filter((l) => l.includes(" @ poci:"))).toEqual([]);
    const start = lines.indexOf("expired waivers (renew or remove them):");
    expect(start).toBe(1);
    expect(lines[start + 1]).toBe("  r/w00 for demo-* (owner team-compute, reason: pinned next release): expired 2026-01-31");
    expect(lines.filter((l) => l.endsWith(": expired 2026-01-31"))).toHaveLength(20);
    expect(lines).toContain("  … and 2 more");
    expect(lines).not.toContain("top failing rules:");
    const twenty = formatGateSummary(gateResult({ passed: false, violations, expiredWaivers: expired.slice(0, 20) }));
    expect(twenty).not.toContain("… and");
  });
});

describe("formatUnrecognized", () => {
  it("is empty for no inputs, and lists ten with a count of the rest", () => {
    expect(formatUnrecognized([])).toBe("");
    const list = Array.from({ length: 12 }, (_, i) => unrecognized(i));
    const lines = formatUnrecognized(list).split("\n");
    expect(lines[0]).toBe("unrecognized inputs (12):");
    expect(lines.filter((l) => l.startsWith("  deploy/"))).toHaveLength(10);
    expect(lines[11]).toBe("  … and 2 more (the JSON or Markdown report lists them all)");
    expect(lines[12]).toBe("");
    expect(formatUnrecognized(list.slice(0, 10))).not.toContain("… and");
  });
});

describe("formatUnusedWaivers", () => {
  it("says every waiver matched when none is unused", () => {
    expect(formatUnusedWaivers([])).toBe("blendcheck gate: every waiver matched a finding\n");
  });

  it("lists each unused waiver with its placement when it names one, at most twenty", () => {
    expect(formatUnusedWaivers([waiver, { ...waiver, placement: "swarm" }])).toBe(
      [
        "blendcheck gate: 2 waiver(s) matched no finding (remove them):",
        "  ip-movement/identity-from-hostname for demo-* (owner team-compute, reason: pinned next release)",
        "  ip-movement/identity-from-hostname for demo-* @ swarm (owner team-compute, reason: pinned next release)",
        "",
      ].join("\n"),
    );
    const many = Array.from({ length: 21 }, (_, i) => ({ ...waiver, rule: `r/${i}` }));
    const lines = formatUnusedWaivers(many).split("\n");
    expect(lines.filter((l) => l.startsWith("  r/"))).toHaveLength(20);
    expect(lines).toContain("  … and 1 more");
    expect(formatUnusedWaivers(many.slice(0, 20))).not.toContain("… and");
  });
});
