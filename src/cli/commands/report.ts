import { readAssessmentFile } from "../../gate/read-assessment.js";
import { formatProblem } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import { FORMATS } from "../../report/render.js";
import type { Command } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { parseFormats } from "../options.js";
import { emitReports } from "../write-report.js";

interface ReportArgs {
  assessment: string;
  format: string[];
  out?: string;
  name: string;
}

/** `blendcheck report ASSESSMENT.json`: re-render a saved assessment in any format. */
export const reportCommand: Command<ReportArgs> = {
  name: "report <assessment>",
  describe: "Render a saved assessment JSON as html, md, text, json or another format",
  builder: (yargs) =>
    yargs
      .positional("assessment", { type: "string", demandOption: true, describe: "The assessment JSON written by assess" })
      .option("format", { type: "string", array: true, default: ["html"], describe: `Output formats: ${Object.keys(FORMATS).join(", ")}` })
      .option("out", { type: "string", describe: "Output directory, or - for stdout (text and github always print to stdout)" })
      .option("name", { type: "string", default: "blendcheck", describe: "Base name of the report files" }) as never,
  async run(args) {
    const formats = parseFormats(args.format);
    const assessment = readSavedAssessment(args.assessment);
    emitReports(assessment, formats, { ...(args.out === undefined ? {} : { out: args.out }), name: args.name, summary: false });
    return EXIT.ok;
  },
};

/** Reads a saved assessment, turning a missing, malformed or mismatched file into a usage error. */
function readSavedAssessment(path: string): Assessment {
  const read = readAssessmentFile(path, process.cwd());
  if (!read.ok) throw new UsageError(formatProblem(read.problem));
  return read.assessment;
}
