// Options and argument checks only: every command's usage is built from here, so nothing here loads
// the engine (reading inputs is in read-inputs.ts).
import type { Argv } from "yargs";
import { describeSuggestion } from "../load/suggest.js";
import { FORMATS } from "../report/formats.js";
import { UsageError } from "./exit-codes.js";

/** Options every reading command shares: extra rules, placements, a service filter and exclusions. */
export function withInputOptions<T>(yargs: Argv<T>) {
  return yargs
    .positional("paths", {
      type: "string",
      array: true,
      describe: "Files or directories to read, `-` for standard input (default: the built-in catalog)",
    })
    .option("rules", { type: "string", array: true, default: [] as string[], describe: "Extra rule directory (repeatable)" })
    .option("placement", {
      type: "string",
      array: true,
      default: [] as string[],
      describe: "Placement to evaluate (repeatable; default all; see `blendcheck placements list`)",
    })
    .option("service", { type: "string", array: true, default: [] as string[], describe: "Service name glob (repeatable; default all)" })
    .option("strict", {
      type: "boolean",
      default: false,
      describe: "Assess nothing when any input file cannot be read (default: skip that file, assess the rest, exit 2)",
    })
    .option("exclude", {
      type: "string",
      array: true,
      default: [] as string[],
      describe: "Glob of files or folders to leave out of the paths (repeatable; `*.json`, `charts/**/tests/**`)",
    });
}

/** Splits `--format html,md --format json` into a unique list of known formats; an unknown one exits 2. */
export function parseFormats(values: readonly string[]): (keyof typeof FORMATS)[] {
  const formats = splitList(values);
  const known = Object.keys(FORMATS);
  for (const format of formats) {
    if (!known.includes(format)) {
      throw new UsageError(`expected formats among ${known.join(", ")}, got ${format}${describeSuggestion(format, known)}`);
    }
  }
  return formats as (keyof typeof FORMATS)[];
}

/** Splits `--format html,md --format json` into a unique list. */
export function splitList(values: readonly string[]): string[] {
  return [
    ...new Set(
      values
        .flatMap((v) => v.split(","))
        .map((v) => v.trim())
        .filter((v) => v !== ""),
    ),
  ];
}

/** The `generatedAt` timestamp: from SOURCE_DATE_EPOCH only, so outputs stay reproducible. */
export function sourceDateEpoch(): number | null {
  const raw = process.env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return null;
  if (!/^\d+$/.test(raw)) throw new UsageError(`expected SOURCE_DATE_EPOCH to be whole seconds, got ${JSON.stringify(raw)}`);
  return Number(raw);
}
