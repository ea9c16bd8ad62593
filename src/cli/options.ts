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
    .option("catalog-only", {
      type: "boolean",
      default: false,
      describe: "Assess one subject per catalog service, as the catalog does; workloads outside the catalog are only listed",
    })
    .option("include-not-applicable", { type: "boolean", default: false, describe: "Keep not-applicable findings in the outputs" })
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

/** The assess options every reading command takes from its flags: workloads or catalog, not-applicable findings, paths relative to the working directory. */
export function subjectOptions(args: { catalogOnly?: boolean; includeNotApplicable?: boolean }) {
  return { catalogOnly: args.catalogOnly === true, includeNotApplicable: args.includeNotApplicable === true, baseDir: process.cwd() };
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

/** The last second of year 9999, the latest SOURCE_DATE_EPOCH accepted. */
const MAX_SOURCE_DATE_EPOCH = 253_402_300_799;

/** The `generatedAt` timestamp: from SOURCE_DATE_EPOCH only, so outputs stay reproducible. */
export function sourceDateEpoch(): number | null {
  const raw = process.env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return null;
  // The bound keeps dates at four-digit years, which ISO 8601 strings and waiver expiries compare as text.
  if (!/^\d{1,12}$/.test(raw) || Number(raw) > MAX_SOURCE_DATE_EPOCH) {
    throw new UsageError(
      `expected SOURCE_DATE_EPOCH to be whole seconds up to ${MAX_SOURCE_DATE_EPOCH} (9999-12-31), got ${JSON.stringify(raw.slice(0, 24))}`,
    );
  }
  return Number(raw);
}
