import type { Assessment } from "../model/assessment.js";
import { FORMATS, type Format, render } from "../report/render.js";
import { outputPath, writeFileAtomic } from "../report/write.js";
import { UsageError } from "./exit-codes.js";

/**
 * Renders one format into `<out>/<name><suffix>` atomically and says so on stderr. A name that
 * would leave the output directory, or a directory that cannot be written, is a usage error.
 */
export function writeReport(format: Format, assessment: Assessment, out: string, name: string): void {
  let target: string;
  try {
    target = outputPath(out, `${name}${FORMATS[format]}`);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const content = render(format, assessment);
  try {
    writeFileAtomic(target, content);
  } catch (error) {
    // The output directory is the user's to fix (permissions, a file in the way, a full disk).
    if (error instanceof Error && "code" in error) throw new UsageError(`could not write ${target}: ${String(error.code)}`);
    throw error;
  }
  process.stderr.write(`wrote ${target}\n`);
}
