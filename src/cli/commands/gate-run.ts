import { assess } from "../../assess.js";
import { DEFAULT_GATE_SETTINGS, evaluateGate, type GateSettings } from "../../gate/evaluate-gate.js";
import { checkPolicyPlacements, findPolicyFile, loadPolicyFile, resolvePolicyBaseline } from "../../gate/load-policy.js";
import { readAssessmentFile } from "../../gate/read-assessment.js";
import { formatGateSummary, formatUnusedWaivers } from "../../gate/summary.js";
import type { Loaded } from "../../load/documents.js";
import { formatProblem, type Problem } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import type { Severity } from "../../model/common.js";
import type { Policy } from "../../model/policy.js";
import { packageInfo } from "../../package-root.js";
import type { Format } from "../../report/formats.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { parseFormats, sourceDateEpoch, subjectOptions } from "../options.js";
import { type Progress, startProgress } from "../progress.js";
import { checkNames, failWhenNothingAssessed, hasSkippedFiles, loadOrFail, subjectsToAssess } from "../read-inputs.js";
import { collectBetweenPhases } from "../small-run.js";
import { checkStdoutFormats, emitReports, jsonRoomCheck } from "../write-report.js";
import type { GateArgs } from "./gate.js";

/** Runs `blendcheck gate`, loaded only when the command runs. */
export async function runGate(args: GateArgs): Promise<number> {
  const progress = startProgress();
  const formats = parseFormats(args.format);
  checkStdoutFormats(formats, args.out);
  const cwd = process.cwd();
  const { assessment, policy, skipped } = await readAndAssess(args, formats, progress, cwd);
  collectBetweenPhases(assessment.services.length);
  const spec = policy?.value.spec;
  const policyBaseline = policy ? resolvePolicyBaseline(policy, cwd) : undefined;
  if (args.baseline === undefined && policyBaseline?.ok === false) throwProblems([policyBaseline.problem]);
  const baselinePath = args.baseline ?? (policyBaseline?.ok ? policyBaseline.path : undefined);
  const result = evaluateGate(assessment, {
    settings: gateSettings(spec, args.placement, args.failOn),
    waivers: args.waivers ? (spec?.waivers ?? []) : [],
    today: today(),
    ...(baselinePath ? { baseline: readBaseline(baselinePath, cwd) } : {}),
  });
  if (result.checked.length === 0)
    throw new UsageError("no (service, placement) pair was checked: the policy's placements match no result");
  emitReports(result.assessment, formats, { out: args.out, name: args.name, summary: true, progress });
  if (args.auditWaivers) process.stderr.write(formatUnusedWaivers(result.unusedWaivers));
  process.stderr.write(formatGateSummary(result));
  if (skipped) return EXIT.badInput;
  return result.passed ? EXIT.ok : EXIT.gateFailed;
}

/**
 * Reads the paths, chooses the policy and assesses them under it. The inputs are let go when this
 * returns, before the gate is evaluated and its reports are written.
 */
async function readAndAssess(
  args: GateArgs,
  formats: readonly Format[],
  progress: Progress,
  cwd: string,
): Promise<{ assessment: Assessment; policy: Loaded<Policy> | undefined; skipped: boolean }> {
  const paths = args.paths ?? [];
  const inputs = await loadOrFail(paths, args.rules, { exclude: args.exclude, out: args.out, strict: args.strict });
  // Without this, paths that name no service would fall back to gating the built-in catalog.
  failWhenNothingAssessed(paths, inputs);
  const policy = choosePolicy(args.policy, inputs.policies, cwd);
  const known = new Set(inputs.placements.map((p) => p.value.metadata.name));
  failOnProblems(policy ? checkPolicyPlacements(policy, known) : []);
  checkNames(inputs, args);
  const spec = policy?.value.spec;
  const subjects = subjectsToAssess(inputs);
  collectBetweenPhases(subjects);
  progress.step(`assessing ${subjects} service(s)`);
  const assessment = assess(inputs, {
    placements: args.placement,
    services: args.service,
    ...(spec?.scoring ? { scoring: spec.scoring } : {}),
    generatedAt: sourceDateEpoch(),
    ...subjectOptions(args),
    tool: { name: "blendcheck", version: packageInfo().version },
    beforeAssessing: jsonRoomCheck(formats),
    releaseWorkloads: true,
  });
  if (assessment.services.length === 0) throw new UsageError("no service was assessed: the inputs name no known service");
  return { assessment, policy, skipped: hasSkippedFiles(inputs) };
}

function choosePolicy(named: string | undefined, inInputs: readonly Loaded<Policy>[], cwd: string): Loaded<Policy> | undefined {
  const file = findPolicyFile(named, cwd);
  if (file !== undefined) {
    const loaded = loadPolicyFile(file, cwd);
    return loaded.ok ? loaded.policy : throwProblems(loaded.problems);
  }
  if (inInputs.length > 1)
    throw new UsageError(`expected at most one Policy among the inputs, got ${inInputs.map((p) => p.file).join(", ")}`);
  return inInputs[0];
}

function gateSettings(spec: Policy["spec"] | undefined, placements: readonly string[], failOn: Severity | undefined): GateSettings {
  const settings: GateSettings = { failOn: failOn ?? spec?.failOn ?? DEFAULT_GATE_SETTINGS.failOn, minScores: spec?.minScores ?? {} };
  const wanted = placements.length > 0 ? placements : spec?.placements;
  if (wanted && wanted.length > 0) settings.placements = wanted;
  if (spec?.requiredFit) settings.requiredFit = spec.requiredFit;
  return settings;
}

function readBaseline(path: string, cwd: string): Assessment {
  const read = readAssessmentFile(path, cwd);
  if (!read.ok) return throwProblems([read.problem]);
  return read.assessment;
}

/** Today's date (YYYY-MM-DD, UTC) for waiver expiry: from SOURCE_DATE_EPOCH when set, else the clock. */
function today(): string {
  const epoch = sourceDateEpoch();
  return new Date(epoch === null ? Date.now() : epoch * 1000).toISOString().slice(0, 10);
}

function failOnProblems(problems: readonly Problem[]): void {
  if (problems.length > 0) throwProblems(problems);
}

function throwProblems(problems: readonly Problem[]): never {
  for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
  throw new UsageError(`${problems.length} problem(s) in the policy or options; the gate did not run`);
}
