import { readAssessmentFile } from "../../gate/read-assessment.js";
import { formatProblem } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import { FORMATS, type Format, isFormat } from "../../report/render.js";
import { renderTextWith } from "../../report/text.js";
import type { Command } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { splitList } from "../options.js";
import { writeReport } from "../write-report.js";

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
      .option("out", { type: "string", describe: "Output directory (without it, text goes to stdout)" })
      .option("name", { type: "string", default: "blendcheck", describe: "Base name of the report files" }) as never,
  async run(args) {
    const formats = splitList(args.format);
    const unknown = formats.filter((f) => !isFormat(f));
    if (unknown.length > 0) throw new UsageError(`expected formats among ${Object.keys(FORMATS).join(", ")}, got ${unknown.join(", ")}`);
    const assessment = readSavedAssessment(args.assessment);
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    for (const format of formats as Format[]) {
      if (args.out === undefined) {
        if (format !== "text") throw new UsageError(`expected --out DIR for the ${format} format; only text goes to stdout`);
        process.stdout.write(renderTextWith(assessment, { color }));
        continue;
      }
      writeReport(format, assessment, args.out, args.name);
    }
    return EXIT.ok;
  },
};

/** Reads a saved assessment, turning a missing, malformed or mismatched file into a usage error. */
function readSavedAssessment(path: string): Assessment {
  const read = readAssessmentFile(path, process.cwd());
  if (!read.ok) throw new UsageError(formatProblem(read.problem));
  return read.assessment;
}
