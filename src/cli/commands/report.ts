import { FORMATS } from "../../report/formats.js";
import type { Command } from "../command.js";

/** The arguments of `blendcheck report`. */
export interface ReportArgs {
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
  run: async (args) => (await import("./report-run.js")).runReport(args),
};
