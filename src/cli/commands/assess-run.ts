import { assess } from "../../assess.js";
import { formatProblem } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import type { ScoringSettings } from "../../model/policy.js";
import { packageInfo } from "../../package-root.js";
import type { Format } from "../../report/formats.js";
import type { JsonFindingSpill } from "../../report/json-spill.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { parseFormats, sourceDateEpoch, subjectOptions } from "../options.js";
import { type Progress, startProgress } from "../progress.js";
import { checkNames, failWhenNothingAssessed, hasSkippedFiles, loadOrFail, subjectsToAssess } from "../read-inputs.js";
import { collectBetweenPhases } from "../small-run.js";
import { checkStdoutFormats, emitReports, findingSpillFor, jsonRoomCheck } from "../write-report.js";
import type { AssessArgs } from "./assess.js";

/** Runs `blendcheck assess`, loaded only when the command runs. */
export async function runAssess(args: AssessArgs): Promise<number> {
  const progress = startProgress();
  const formats = parseFormats(args.format);
  checkStdoutFormats(formats, args.out);
  const paths = args.paths ?? [];
  const name = args.name ?? (paths.length === 0 ? "openstack" : "blendcheck");
  let spill: JsonFindingSpill | undefined;
  try {
    const { assessment, skipped } = await readAndAssess(args, paths, formats, progress, () => {
      spill = findingSpillFor(formats, args.out, name);
      return spill;
    });
    collectBetweenPhases(assessment.services.length);
    progress.step("writing reports");
    emitReports(assessment, formats, { out: args.out, name, summary: true, progress, ...(spill ? { spill } : {}) });
    return skipped ? EXIT.badInput : EXIT.ok;
  } finally {
    spill?.remove();
  }
}

/**
 * Reads the paths and assesses them. The inputs are let go when this returns, before any report
 * is written: the facts read, their locations and the loaded catalog are not held while writing.
 */
async function readAndAssess(
  args: AssessArgs,
  paths: string[],
  formats: readonly Format[],
  progress: Progress,
  openSpill: () => JsonFindingSpill | undefined,
): Promise<{ assessment: Assessment; skipped: boolean }> {
  const inputs = await loadOrFail(paths, args.rules, { exclude: args.exclude, out: args.out, strict: args.strict });
  failWhenNothingAssessed(paths, inputs);
  checkNames(inputs, args);
  const scoring = args.policy ? await policyScoring(args.policy) : undefined;
  const subjects = subjectsToAssess(inputs);
  collectBetweenPhases(subjects);
  progress.step(`assessing ${subjects} service(s)`);
  const findingSink = openSpill();
  const assessment = assess(inputs, {
    ...(scoring ? { scoring } : {}),
    placements: args.placement,
    services: args.service,
    generatedAt: sourceDateEpoch(),
    ...subjectOptions(args),
    tool: { name: "blendcheck", version: packageInfo().version },
    beforeAssessing: jsonRoomCheck(formats),
    releaseWorkloads: true,
    ...(findingSink ? { findingSink } : {}),
  });
  failWhenNothingAssessed(paths, inputs, assessment.services.length);
  if (assessment.services.length === 0) throw new UsageError("nothing assessed: no service was assessed");
  return { assessment, skipped: hasSkippedFiles(inputs) };
}

/** The scoring settings of a policy file; its problems exit 2 with file:line:col. */
async function policyScoring(file: string): Promise<ScoringSettings | undefined> {
  // Loaded with the policy: validating it brings in the schemas, which a run without one never needs.
  const { loadPolicyFile } = await import("../../gate/load-policy.js");
  const loaded = loadPolicyFile(file, process.cwd());
  if (loaded.ok) return loaded.policy.value.spec.scoring;
  for (const problem of loaded.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  throw new UsageError(`${loaded.problems.length} problem(s) in the policy; nothing was assessed`);
}
