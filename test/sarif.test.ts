import { existsSync } from "node:fs";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { applyWaivers } from "../src/gate/waivers.js";
import { fingerprintOf } from "../src/model/fingerprint.js";
import { renderEach } from "../src/report/render.js";
import { renderSarif, sarifPieces } from "../src/report/sarif.js";
import { compileSarifSchema, SARIF_SCHEMA, sampleAssessment, sampleFinding } from "./gate-sample.js";

if (!existsSync(SARIF_SCHEMA)) {
  console.warn(
    `skipping the ajv check against the official SARIF schema: ${SARIF_SCHEMA} is absent (test/sarif-multitool.test.ts still validates SARIF)`,
  );
}

const findings = [
  sampleFinding(),
  sampleFinding({ placement: "swarm", locations: [] }),
  sampleFinding({ rule: "termination/other", dimension: "termination", severity: "medium", status: "pass", locations: [] }),
  sampleFinding({ rule: "termination/grace", dimension: "termination", severity: "critical", status: "unknown", locations: [] }),
];

describe("renderSarif", () => {
  const assessment = applyWaivers(
    sampleAssessment(findings),
    [
      {
        rule: "ip-movement/identity-from-hostname",
        service: "demo-worker",
        placement: "swarm",
        reason: "accepted",
        owner: "ops",
        expires: "2099-01-01",
      },
    ],
    "2026-01-01",
  ).assessment;
  const log = JSON.parse(renderSarif(assessment)) as Log;
  const run = log.runs[0];

  it.skipIf(!existsSync(SARIF_SCHEMA))(`passes the official SARIF 2.1.0 schema (needs ${SARIF_SCHEMA})`, () => {
    const validate = compileSarifSchema();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...log, version: "2.0.0" })).toBe(false);
  });

  it("describes every rule with help, helpUri and a security-severity", () => {
    const rules = run?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(assessment.rules.map((r) => r.id));
    const hostname = rules.find((r) => r.id === "ip-movement/identity-from-hostname");
    expect(hostname).toMatchObject({
      name: "IdentityFromHostname",
      helpUri: "https://example.org/rule",
      properties: { "security-severity": "8.0" },
    });
    expect(hostname?.help?.text).toContain("What to change.");
    expect(rules.find((r) => r.id === "termination/grace")?.properties?.["security-severity"]).toBe("9.5");
  });

  it("reports failing and waived findings only, the waived one suppressed with its reason", () => {
    const results = run?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.properties?.placement, r.suppressions?.[0]?.justification ?? null])).toEqual([
      ["ip-movement/identity-from-hostname", "k8s-scheduled", null],
      ["ip-movement/identity-from-hostname", "swarm", "accepted (owner ops, expires 2099-01-01)"],
    ]);
    for (const result of results) expect(run?.tool.driver.rules?.[result.ruleIndex ?? -1]?.id).toBe(result.ruleId);
    const cited = results[0]?.locations?.[0]?.physicalLocation;
    expect(cited?.artifactLocation).toEqual({ uri: "deploy/worker.yaml", uriBaseId: "%SRCROOT%" });
    expect(cited?.region?.startLine).toBe(10);
  });

  it("gives a finding that cites no file a logical location naming the service, and no physical one", () => {
    const uncited = run?.results?.[1]?.locations?.[0];
    expect(uncited?.physicalLocation).toBeUndefined();
    expect(uncited?.logicalLocations?.[0]?.name).toBe("demo-worker");
  });

  it("places a workload's finding that cites no fact at the workload's file and line", () => {
    const workload = { kind: "Deployment", namespace: "", name: "worker-b", file: "deploy/b.yaml", line: 22 };
    const log = JSON.parse(renderSarif(sampleAssessment([sampleFinding({ locations: [], workload })]))) as Log;
    const result = log.runs[0]?.results?.[0];
    expect(result?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe("deploy/b.yaml");
    expect(result?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(22);
    expect(result?.message.text).toContain("Deployment worker-b");
  });

  it("lists unrecognized inputs as tool execution notifications with file, line and reason", () => {
    const base = sampleAssessment([sampleFinding()]);
    const unrecognized = [{ file: "apps/web.yaml", line: 3, kind: "Deployment", name: "web", reason: "no service matches" }];
    const log = JSON.parse(renderSarif({ ...base, unrecognized })) as Log;
    const notification = log.runs[0]?.invocations?.[0]?.toolExecutionNotifications?.[0];
    expect(notification?.message.text).toBe("Deployment web: no service matches");
    expect(notification?.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe("apps/web.yaml");
    expect(notification?.locations?.[0]?.physicalLocation?.region?.startLine).toBe(3);
  });

  it("places a result on the exact line and column cited, and on line 1 without a column when the whole file is meant", () => {
    const cited = sampleFinding({ locations: [{ file: "deploy/worker.yaml", line: 1, column: 1 }] });
    const wholeFile = sampleFinding({ placement: "swarm", locations: [{ file: "deploy/worker.yaml", line: 0, column: 0 }] });
    const results = (JSON.parse(renderSarif(sampleAssessment([cited, wholeFile]))) as Log).runs[0]?.results ?? [];
    expect(results.map((r) => r.locations?.[0]?.physicalLocation?.region)).toEqual([{ startLine: 1, startColumn: 1 }, { startLine: 1 }]);
  });

  it("fingerprints by service, rule and placement, not by file or line", () => {
    const moved = sampleFinding({ locations: [{ file: "elsewhere.yaml", line: 99, column: 1 }] });
    expect(fingerprintOf(moved)).toBe(fingerprintOf(sampleFinding()));
    expect(fingerprintOf(sampleFinding({ placement: "swarm" }))).not.toBe(fingerprintOf(sampleFinding()));
    expect(run?.results?.[0]?.partialFingerprints?.["blendcheckFinding/v1"]).toBe(fingerprintOf(sampleFinding()));
  });

  it("renders the same bytes twice", () => {
    expect(renderSarif(assessment)).toBe(renderSarif(assessment));
  });
});

describe("sarifPieces", () => {
  const workload = (i: number) => ({ kind: "Deployment", namespace: "ns", name: `worker-${i}`, file: `../../up/w${i}.yaml`, line: i + 1 });
  const many = applyWaivers(
    sampleAssessment(
      Array.from({ length: 600 }, (_, i) =>
        sampleFinding({
          placement: ["k8s-scheduled", "swarm", "poci"][i % 3],
          status: i % 7 === 0 ? "pass" : i % 5 === 0 ? "mitigated" : i % 13 === 0 ? "unknown" : "fail",
          workload: workload(i),
          locations:
            i % 2 === 0
              ? []
              : [
                  { file: `deploy/w${i}.yaml`, line: 3, column: 1 },
                  { file: "../etc/x.conf", line: 1, column: 0 },
                ],
          message: `finding ${i} "quoted"\nand a second line`,
        }),
      ).concat(sampleFinding({ service: "demo-api", locations: [], message: "about the service" })),
    ),
    [
      {
        rule: "ip-movement/identity-from-hostname",
        service: "demo-worker",
        placement: "swarm",
        reason: "ok",
        owner: "ops",
        expires: "2099-01-01",
      },
    ],
    "2026-01-01",
  ).assessment;

  it("comes to the log JSON.stringify lays out with an indent of 2, results and all", () => {
    for (const assessment of [many, sampleAssessment([sampleFinding({ status: "pass" })])]) {
      const text = [...sarifPieces(assessment)].join("");
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
    const log = JSON.parse(renderSarif(many)) as Log;
    const run = log.runs[0];
    const reported = many.findings.filter((f) => f.status === "fail" || f.status === "mitigated" || f.status === "waived");
    expect(new Set(reported.map((f) => f.status))).toEqual(new Set(["fail", "mitigated", "waived"]));
    expect(run?.results).toHaveLength(reported.length);
    expect(run?.results?.map((r) => r.partialFingerprints?.["blendcheckFinding/v1"])).toEqual(reported.map(fingerprintOf));
    expect([log.$schema, log.version, run?.invocations?.[0]?.executionSuccessful]).toEqual([
      "https://json.schemastore.org/sarif-2.1.0.json",
      "2.1.0",
      true,
    ]);
    expect(run?.columnKind).toBe("utf16CodeUnits");
  });

  it("places each result in its files, relative to the base of the directory they lie in", () => {
    const run = (JSON.parse(renderSarif(many)) as Log).runs[0];
    const bases = Object.entries(run?.originalUriBaseIds ?? {}).map(([id, base]) => [id, base.description?.text]);
    expect(bases.slice(1)).toEqual([
      ["SRCROOT_UP1", "The directory 1 level above %SRCROOT% (../ from where blendcheck ran)."],
      ["SRCROOT_UP2", "The directory 2 levels above %SRCROOT% (../../ from where blendcheck ran)."],
    ]);
    const resultOf = (text: string) => run?.results?.find((r) => r.message.text?.endsWith(text));
    const cited = resultOf('finding 1 "quoted"\nand a second line');
    expect(cited?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "deploy/w1.yaml", uriBaseId: "%SRCROOT%" },
      region: { startLine: 3, startColumn: 1 },
    });
    expect(cited?.relatedLocations).toEqual([
      { id: 0, physicalLocation: { artifactLocation: { uri: "etc/x.conf", uriBaseId: "SRCROOT_UP1" }, region: { startLine: 1 } } },
    ]);
    expect(cited?.suppressions).toEqual([{ kind: "external", status: "accepted", justification: "ok (owner ops, expires 2099-01-01)" }]);
    const atWorkload = resultOf('finding 2 "quoted"\nand a second line');
    expect(atWorkload?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: "up/w2.yaml", uriBaseId: "SRCROOT_UP2" },
      region: { startLine: 3 },
    });
    expect(atWorkload?.properties).toEqual({
      service: "demo-worker",
      workload: "Deployment ns/worker-2",
      placement: "poci",
      severity: "high",
    });
    expect(atWorkload?.suppressions).toBeUndefined();
    expect(resultOf("about the service")?.locations).toEqual([
      { logicalLocations: [{ name: "demo-api", fullyQualifiedName: "demo-api", kind: "module" }] },
    ]);
  });

  it("makes one result at a time: no piece holds more than one", () => {
    const pieces = [...sarifPieces(many)];
    const longest = Math.max(...pieces.slice(1, -1).map((piece) => piece.length));
    const results = many.findings.filter((f) => f.status === "fail" || f.status === "mitigated" || f.status === "waived").length;
    expect(results).toBeGreaterThan(400);
    expect(pieces.length).toBeGreaterThan(results);
    expect(longest).toBeLessThan(3_000);
  });

  it("is what the CLI writes for --format sarif, in pieces, the same text as renderSarif", () => {
    const content = renderEach(many)("sarif");
    expect(typeof content).not.toBe("string");
    expect([...content].join("")).toBe(renderSarif(many));
  });
});
