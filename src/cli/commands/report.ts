import { readFileSync } from "node:fs";
import { type Assessment, assessmentSchema } from "../../model/assessment.js";
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

/** Reads and validates a saved assessment; a bad file raises a UsageError naming the file (exit 2). */
export function readAssessment(path: string): Assessment {
  let raw: string;
  try {
    raw = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`${path}: cannot read the assessment: ${error instanceof Error ? error.message : String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new UsageError(`${path}: expected assessment JSON, got invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = assessmentSchema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 10).map((issue) => `  ${issue.path.join(".") || "(root)"}: ${issue.message}`);
    const more = result.error.issues.length > 10 ? [`  … and ${result.error.issues.length - 10} more`] : [];
    throw new UsageError(
      `${path}: expected a blendcheck assessment, got a document that does not match its schema:\n${[...issues, ...more].join("\n")}`,
    );
  }
  return result.data;
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
    const assessment = readAssessment(args.assessment);
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
