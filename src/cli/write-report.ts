import type { Assessment } from "../model/assessment.js";
import { FORMATS, type Format, render } from "../report/render.js";
import { outputPath, writeFileAtomic } from "../report/write.js";
import { UsageError } from "./exit-codes.js";

/**
 * Renders one format into `<out>/<name><suffix>` atomically and says so on stderr. A name that
 * would leave the output directory is a usage error.
 */
export function writeReport(format: Format, assessment: Assessment, out: string, name: string): void {
  let target: string;
  try {
    target = outputPath(out, `${name}${FORMATS[format]}`);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  writeFileAtomic(target, render(format, assessment));
  process.stderr.write(`wrote ${target}\n`);
}
