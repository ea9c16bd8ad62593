import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import { type Assessment, assessmentSchema } from "../../src/model/assessment.js";
import { parseAssessmentJson } from "../helpers/assessment-json.js";
import { runCli, tempDir } from "../helpers/cli.js";
import { SAMPLE_SERVICES } from "../helpers/sample-services.js";

/** A script tag that must render as text, never run. */
export const HOSTILE_SCRIPT = "<script>alert(1)</script>";
/** An attribute break-out that must render as text, never create an element. */
export const HOSTILE_IMG = '"><img src=x onerror=alert(1)>';
/** The service name the hostile assessment gives one service. */
export const HOSTILE_NAME = `keystone-api${HOSTILE_SCRIPT}`;

let shared: Assessment | undefined;

/**
 * Assesses a few built-in services with the built CLI and returns the validated assessment. The
 * default sample comes from the run's global setup, assessed once for every test file; each call
 * returns a fresh copy, so a test may change it.
 */
export function assessSample(services: readonly string[] = SAMPLE_SERVICES): Assessment {
  if (services === SAMPLE_SERVICES) {
    shared ??= parseAssessmentJson(inject("sampleAssessmentJson"));
    return structuredClone(shared);
  }
  const out = tempDir("blendcheck-sample-");
  const result = runCli(["assess", ...services.flatMap((s) => ["--service", s]), "--format", "json", "--out", out, "--name", "sample"]);
  if (result.code !== 0) throw new Error(`assess failed with ${result.code}: ${result.stderr}`);
  return parseAssessmentJson(readFileSync(join(out, "sample.json"), "utf8"));
}

/**
 * Builds an assessment from real results whose service name, finding message and waiver carry
 * hostile strings, as a malicious or careless input could.
 */
export function buildHostileAssessment(): Assessment {
  const assessment = structuredClone(assessSample());
  const rename = (name: string) => (name === "keystone-api" ? HOSTILE_NAME : name);
  for (const service of assessment.services) service.name = rename(service.name);
  assessment.profiles = Object.fromEntries(Object.entries(assessment.profiles).map(([name, known]) => [rename(name), known]));
  const hostileProfile = assessment.profiles[HOSTILE_NAME];
  if (hostileProfile) hostileProfile.description = `Identity API ${HOSTILE_IMG}`;
  for (const wave of assessment.waves) wave.services = wave.services.map(rename);
  for (const finding of assessment.findings) finding.service = rename(finding.service);
  const failing = assessment.findings.find((f) => f.status === "fail");
  if (!failing) throw new Error("the sample assessment has no failing finding to make hostile");
  failing.message = `${failing.message} ${HOSTILE_IMG}`;
  assessment.findings.push({
    ...failing,
    service: HOSTILE_NAME,
    status: "waived",
    message: `waived ${HOSTILE_SCRIPT}`,
    waiver: { reason: `accepted risk ${HOSTILE_IMG}`, owner: "team-identity", expires: "2027-01-31" },
  });
  return assessmentSchema.parse(assessment);
}
