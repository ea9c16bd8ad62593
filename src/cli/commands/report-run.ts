import { readAssessmentFile } from "../../gate/read-assessment.js";
import { formatProblem } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { parseFormats } from "../options.js";
import { emitReports } from "../write-report.js";
import type { ReportArgs } from "./report.js";

/** Runs `blendcheck report`, loaded only when the command runs. */
export async function runReport(args: ReportArgs): Promise<number> {
  const formats = parseFormats(args.format);
  const assessment = readSavedAssessment(args.assessment);
  emitReports(assessment, formats, { ...(args.out === undefined ? {} : { out: args.out }), name: args.name, summary: false });
  return EXIT.ok;
}

/** Reads a saved assessment, turning a missing, malformed or mismatched file into a usage error. */
function readSavedAssessment(path: string): Assessment {
  const read = readAssessmentFile(path, process.cwd());
  if (!read.ok) throw new UsageError(formatProblem(read.problem));
  return read.assessment;
}
