import type { AssessOptions } from "../assess.js";
import { displayPath } from "../load/files.js";
import type { Assessment } from "../model/assessment.js";
import { MAX_ASSESSMENT_BYTES } from "../model/constants.js";
import { checkJsonRoom, cutJsonPieces, JsonTooLargeError, jsonFitsWithin, jsonPieces } from "../report/json.js";
import { writeJsonFile } from "../report/json-file.js";
import { JsonFindingSpill, writeSpilledJsonFile } from "../report/json-spill.js";
import { FORMATS, type Format, renderEach } from "../report/render.js";
import { renderSummary, renderTextWith } from "../report/text.js";
import { eachBatch, outputPath, temporaryPath, writeFileAtomic } from "../report/write.js";
import { UsageError } from "./exit-codes.js";

/** `--out -`: the one requested format goes to standard output. */
export const STDOUT_DIR = "-";

/** Formats that are read on a terminal or by a CI runner's log, so they always go to stdout. */
const STDOUT_FORMATS: ReadonlySet<Format> = new Set(["text", "github"]);

/** Where reports go and whether the terminal summary follows them. */
export interface EmitOptions {
  /** The output folder, `-` for stdout; without it only the stdout formats can be written. */
  out?: string;
  name: string;
  /** Print the short summary to stdout when no requested format already uses it. */
  summary: boolean;
  /** Cleared before anything is written, so a progress line never mixes with output. */
  progress?: { done(): void };
  /** The JSON size bound in bytes; the one the reader accepts unless a test sets a smaller one. */
  jsonLimit?: number;
  /** Where the run put its workloads' findings (`findingSpillFor`), which the JSON report then lists. */
  spill?: JsonFindingSpill;
}

/** ANSI colour only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function wantsColor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/** Fails with exit 2 unless `--out -` comes with exactly one format. */
export function checkStdoutFormats(formats: readonly Format[], out: string | undefined): void {
  if (out === STDOUT_DIR && formats.length !== 1) {
    throw new UsageError(`--out - writes one format to stdout, got ${formats.length}: ${formats.join(", ")}`);
  }
}

/**
 * Writes the requested formats: all of them to stdout with `--out -` (one format only), `text`
 * and `github` to stdout wherever they are asked for, the rest into the output folder; then the
 * terminal summary on stdout when nothing else went there.
 */
export function emitReports(assessment: Assessment, formats: readonly Format[], options: EmitOptions): void {
  checkStdoutFormats(formats, options.out);
  const needsFolder = formats.filter((f) => !STDOUT_FORMATS.has(f));
  if (options.out === undefined && needsFolder.length > 0) {
    throw new UsageError(`expected --out DIR (or --out -) for the ${needsFolder.join(", ")} format; only text and github print without it`);
  }
  let stdoutUsed = false;
  const render = renderEach(assessment);
  for (const format of formats) {
    const toStdout = options.out === STDOUT_DIR || STDOUT_FORMATS.has(format);
    if (format === "json" && !toStdout && options.out !== undefined) {
      options.progress?.done();
      writeJsonReport(assessment, options.out, options.name, options.jsonLimit, options.spill);
      continue;
    }
    const content =
      toStdout && format === "text"
        ? renderTextWith(assessment, { color: wantsColor(process.stdout) })
        : format === "json"
          ? renderJsonChecked(assessment, options.jsonLimit)
          : render(format);
    options.progress?.done();
    if (toStdout) {
      if (typeof content === "string") process.stdout.write(content);
      else eachBatch(content, (batch) => process.stdout.write(batch));
      stdoutUsed = true;
    } else if (options.out !== undefined) {
      // Always the case here: a file format without a folder was refused above.
      writeReport(format, content, options.out, options.name);
    }
  }
  options.progress?.done();
  if (options.summary && !stdoutUsed) {
    const summarized = options.spill ? options.spill.summarized(assessment) : assessment;
    process.stdout.write(renderSummary(summarized, { color: wantsColor(process.stdout) }));
  }
}

/**
 * Writes the assessment JSON into the output folder as it is made, every finding kept while it fits
 * its bound; past it, with the findings left out that `renderJsonWithin` leaves out, said on stderr.
 */
function writeJsonReport(assessment: Assessment, out: string, name: string, limit = MAX_ASSESSMENT_BYTES, spill?: JsonFindingSpill): void {
  refuseTooLarge(() =>
    writeInto("json", out, name, (target) => {
      const { truncated } = spill ? writeSpilledJsonFile(target, assessment, spill, limit) : writeJsonFile(target, assessment, limit);
      if (truncated) sayLeftOut(truncated);
    }),
  );
}

/**
 * A file beside the JSON report for the findings of each workload as it is assessed, when the JSON
 * into a folder is the one report: no other report needs them in memory, so a large run holds none.
 * Undefined for any other formats. A folder that cannot be written is a usage error.
 */
export function findingSpillFor(formats: readonly Format[], out: string | undefined, name: string): JsonFindingSpill | undefined {
  if (formats.length !== 1 || formats[0] !== "json" || out === undefined || out === STDOUT_DIR) return undefined;
  let path: string;
  try {
    path = temporaryPath(outputPath(out, `${name}${FORMATS.json}`), ".findings");
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  try {
    return new JsonFindingSpill(path);
  } catch (error) {
    if (error instanceof Error && "code" in error) throw new UsageError(`could not write ${path}: ${String(error.code)}`);
    throw error;
  }
}

/**
 * The assessment JSON in pieces, every finding kept when it fits in `limit` bytes, measured first as
 * it is made (standard output cannot take back what it was given); else `cutJsonChecked`'s.
 */
function renderJsonChecked(assessment: Assessment, limit = MAX_ASSESSMENT_BYTES): Iterable<string> {
  return jsonFitsWithin(assessment, limit) ? jsonPieces(assessment) : cutJsonChecked(assessment, limit);
}

/** The assessment JSON with findings left out to stay readable, in pieces as it is written; says so on stderr. */
function cutJsonChecked(assessment: Assessment, limit?: number): Iterable<string> {
  const { pieces, truncated } = refuseTooLarge(() => cutJsonPieces(assessment, limit));
  sayLeftOut(truncated);
  return pieces;
}

function sayLeftOut(truncated: NonNullable<Assessment["truncated"]>): void {
  const left = Object.entries(truncated.findingsLeftOut).map(([status, count]) => `${count} ${status}`);
  process.stderr.write(
    `blendcheck: the JSON report would exceed ${truncated.limitBytes} bytes, the most blendcheck reads back; left out findings (${left.join(", ")}), as its "truncated" field says\n`,
  );
}

/**
 * What `assess` calls before assessing when the formats hold the JSON: a run with more services than
 * the JSON can hold stops at once, with exit 2, rather than once they are all assessed.
 */
export function jsonRoomCheck(formats: readonly Format[], limit?: number): AssessOptions["beforeAssessing"] {
  if (!formats.includes("json")) return undefined;
  return ({ services, placements }) => refuseTooLarge(() => checkJsonRoom(services, placements, limit));
}

function refuseTooLarge<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    // Too many workloads for one JSON file: the user's inputs to split, not a fault of blendcheck.
    if (error instanceof JsonTooLargeError) throw new UsageError(`${error.message} (split the paths over several runs)`);
    throw error;
  }
}

/**
 * Renders one format into `<out>/<name><suffix>` atomically and says so on stderr. A name that
 * would leave the output directory, or a directory that cannot be written, is a usage error;
 * content over `maxBytes` bytes is not written (`TooManyBytesError`).
 */
export function writeReport(format: Format, content: string | Iterable<string>, out: string, name: string, maxBytes?: number): void {
  writeInto(format, out, name, (target) => writeFileAtomic(target, content, maxBytes));
}

/** Finds the report's path in the output folder, lets `write` write it there and says so on stderr; a folder that cannot be written is a usage error. */
function writeInto(format: Format, out: string, name: string, write: (target: string) => void): void {
  let target: string;
  try {
    target = outputPath(out, `${name}${FORMATS[format]}`);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  try {
    write(target);
  } catch (error) {
    // The output directory is the user's to fix (permissions, a file in the way, a full disk).
    if (error instanceof Error && "code" in error) throw new UsageError(`could not write ${target}: ${String(error.code)}`);
    throw error;
  }
  process.stderr.write(`wrote ${shortPathOf(target, process.cwd())}\n`);
}

/** The output path as `wrote` names it: as the user names it from `cwd` when that is shorter than the absolute path. */
export function shortPathOf(absolute: string, cwd: string): string {
  const shown = displayPath(absolute, cwd);
  return shown.length < absolute.length ? shown : absolute;
}
