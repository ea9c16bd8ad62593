import { assess } from "../../assess.js";
import { formatProblem } from "../../load/problem.js";
import type { ScoringSettings } from "../../model/policy.js";
import { packageInfo } from "../../package-root.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { parseFormats, sourceDateEpoch, subjectOptions } from "../options.js";
import { startProgress } from "../progress.js";
import { checkNames, failWhenNothingAssessed, hasSkippedFiles, loadOrFail, subjectsToAssess } from "../read-inputs.js";
import { collectAfterReading } from "../small-run.js";
import { checkStdoutFormats, emitReports, jsonRoomCheck } from "../write-report.js";
import type { AssessArgs } from "./assess.js";

/** Runs `blendcheck assess`, loaded only when the command runs. */
export async function runAssess(args: AssessArgs): Promise<number> {
  const progress = startProgress();
  const formats = parseFormats(args.format);
  checkStdoutFormats(formats, args.out);
  const paths = args.paths ?? [];
  const inputs = await loadOrFail(paths, args.rules, { exclude: args.exclude, out: args.out, strict: args.strict });
  failWhenNothingAssessed(paths, inputs);
  checkNames(inputs, args);
  const scoring = args.policy ? await policyScoring(args.policy) : undefined;
  const subjects = subjectsToAssess(inputs);
  collectAfterReading(subjects);
  progress.step(`assessing ${subjects} service(s)`);
  const assessment = assess(inputs, {
    ...(scoring ? { scoring } : {}),
    placements: args.placement,
    services: args.service,
    generatedAt: sourceDateEpoch(),
    ...subjectOptions(args),
    tool: { name: "blendcheck", version: packageInfo().version },
    beforeAssessing: jsonRoomCheck(formats),
  });
  failWhenNothingAssessed(paths, inputs, assessment.services.length);
  if (assessment.services.length === 0) throw new UsageError("nothing assessed: no service was assessed");
  progress.step("writing reports");
  const name = args.name ?? (paths.length === 0 ? "openstack" : "blendcheck");
  emitReports(assessment, formats, { out: args.out, name, summary: true, progress });
  return hasSkippedFiles(inputs) ? EXIT.badInput : EXIT.ok;
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
