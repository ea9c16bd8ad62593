import { diffAssessments } from "../../gate/diff.js";
import { readAssessmentFile } from "../../gate/read-assessment.js";
import { formatProblem, type Problem } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import type { AssessmentDiff } from "../../model/assessment-diff.js";
import { formatDiffMarkdown, formatDiffText } from "../../report/diff.js";
import { EXIT, UsageError } from "../exit-codes.js";
import type { DIFF_FORMAT_NAMES, DiffArgs } from "./diff.js";

const DIFF_FORMATS: Record<(typeof DIFF_FORMAT_NAMES)[number], (diff: AssessmentDiff) => string> = {
  text: formatDiffText,
  md: formatDiffMarkdown,
  json: (diff) => `${JSON.stringify(diff, null, 2)}\n`,
};

/** Runs `blendcheck diff`, loaded only when the command runs. */
export async function runDiff(args: DiffArgs): Promise<number> {
  const problems: Problem[] = [];
  const [before, after] = [args.old, args.new].map((path) => {
    const read = readAssessmentFile(path, process.cwd());
    if (read.ok) return read.assessment;
    problems.push(read.problem);
    return undefined;
  }) as [Assessment | undefined, Assessment | undefined];
  if (!before || !after) {
    for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
    throw new UsageError(`${problems.length} problem(s) reading the assessments`);
  }
  const diff = diffAssessments(before, after);
  const format = DIFF_FORMATS[args.format as (typeof DIFF_FORMAT_NAMES)[number]] ?? formatDiffText;
  process.stdout.write(format(diff));
  return args.failOnRegression && diff.regressed ? EXIT.gateFailed : EXIT.ok;
}
