import { type AssessmentDiff, diffAssessments } from "../../gate/diff.js";
import { readAssessmentFile } from "../../gate/read-assessment.js";
import { formatProblem, type Problem } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import { formatDiffMarkdown, formatDiffText } from "../../report/diff.js";
import type { Command } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";

interface DiffArgs {
  old: string;
  new: string;
  format: string;
  failOnRegression: boolean;
}

const DIFF_FORMATS: Record<string, (diff: AssessmentDiff) => string> = {
  text: formatDiffText,
  md: formatDiffMarkdown,
  json: (diff) => `${JSON.stringify(diff, null, 2)}\n`,
};

/** `blendcheck diff OLD.json NEW.json`: the scores, fits and failing findings that moved. */
export const diffCommand: Command<DiffArgs> = {
  name: "diff <old> <new>",
  describe: "Compare two assessment JSON files: what got better or worse",
  builder: (yargs) =>
    yargs
      .positional("old", { type: "string", demandOption: true, describe: "The earlier assessment JSON" })
      .positional("new", { type: "string", demandOption: true, describe: "The later assessment JSON" })
      .option("format", { type: "string", default: "text", choices: Object.keys(DIFF_FORMATS), describe: "Output format" })
      .option("fail-on-regression", { type: "boolean", default: false, describe: "Exit 1 when anything got worse" }) as never,
  async run(args) {
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
    const format = DIFF_FORMATS[args.format] ?? formatDiffText;
    process.stdout.write(format(diff));
    return args.failOnRegression && diff.regressed ? EXIT.gateFailed : EXIT.ok;
  },
};
