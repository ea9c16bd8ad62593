import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { type Assessment, type Finding, type PlacementResult, SCHEMA_VERSION } from "../src/model/assessment.js";
import { DEFAULT_SCORING } from "../src/model/policy.js";
import { ROOT } from "./helpers/cli.js";

/** A finding with test defaults: a failing high rule of the ip-movement dimension. */
export function sampleFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: "ip-movement/identity-from-hostname",
    service: "demo-worker",
    placement: "k8s-scheduled",
    status: "fail",
    severity: "high",
    dimension: "ip-movement",
    trigger: "hostname-change",
    effort: 3,
    message: "demo-worker registers itself by hostname",
    locations: [{ file: "deploy/worker.yaml", line: 10, column: 5 }],
    ...overrides,
  };
}

/** A placement result with test defaults. */
export function sampleResult(overrides: Partial<PlacementResult> = {}): PlacementResult {
  return {
    placement: "k8s-scheduled",
    scores: { "twelve-factor": null, "ip-movement": 0, termination: null, overall: 0 },
    fit: "not-fit",
    scoresWithMitigations: { "twelve-factor": null, "ip-movement": 0, termination: null, overall: 0 },
    fitWithMitigations: "not-fit",
    plan: [],
    planEffort: 0,
    confidence: 1,
    effort: 3,
    exposurePerMonth: 1,
    counts: { pass: 0, fail: 1, unknown: 0, "not-applicable": 0, mitigated: 0, waived: 0 },
    detected: false,
    ...overrides,
  };
}

/**
 * A small assessment: the given findings and per-service results, one rule entry per rule id seen,
 * and the placements the results name.
 */
export function sampleAssessment(findings: Finding[], results: Record<string, PlacementResult[]> = {}): Assessment {
  const services = [...new Set([...findings.map((f) => f.service), ...Object.keys(results)])].sort();
  const placements = [
    ...new Set([...findings.map((f) => f.placement), ...Object.values(results).flatMap((r) => r.map((x) => x.placement))]),
  ];
  const rules = [...new Map(findings.map((f) => [f.rule, f])).values()];
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "blendcheck", version: "0.1.0" },
    generatedAt: null,
    inputs: ["deploy"],
    scoring: DEFAULT_SCORING,
    placements: placements.map((name) => ({ name, title: name, spec: { events: { "hostname-change": 1 } } })),
    rules: rules.map((f) => ({
      id: f.rule,
      title: `Title of ${f.rule}`,
      dimension: f.dimension,
      severity: f.severity,
      trigger: f.trigger,
      effort: f.effort,
      blocking: false,
      rationale: "Why it matters.",
      remediation: "What to change.",
      references: [{ title: "Reference", url: "https://example.org/rule" }],
    })),
    mitigations: [],
    upstream: [],
    profiles: {},
    services: services.map((name) => ({
      name,
      project: "demo",
      role: "worker",
      // Own keys only: a service named like an Object.prototype member (`valueOf`) has no results given.
      results: (Object.hasOwn(results, name) ? results[name] : undefined) ?? [sampleResult()],
      recommendation: { placement: "poci", fit: "ready", reasons: [] },
      delta: { target: "k8s-scheduled", breaks: [], effort: 0, fixes: [] },
      wave: 4,
      survival: {
        "ip-movement": { answer: "unknown", placement: "", mitigations: [], reasons: [] },
        termination: { answer: "unknown", placement: "", mitigations: [], reasons: [] },
      },
      facts: {},
      sources: ["deploy/worker.yaml"],
    })),
    waves: [],
    findings,
    unrecognized: [],
    problems: [],
  };
}

/** The official SARIF 2.1.0 schema lives beside the project, not in it. */
export const SARIF_SCHEMA = join(ROOT, "..", "shared", "schemas", "sarif-schema-2.1.0.json");

/** Compiles the official schema; it is draft-04, so its `$schema` and `id` are dropped for Ajv 8. */
export function compileSarifSchema() {
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(SARIF_SCHEMA, "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}
