import type { Argv } from "yargs";
import { type Inputs, loadInputs } from "../load/inputs.js";
import { formatProblem } from "../load/problem.js";
import { UsageError } from "./exit-codes.js";

/** Options every reading command shares: extra rules, placements and a service filter. */
export function withInputOptions<T>(yargs: Argv<T>) {
  return yargs
    .positional("paths", { type: "string", array: true, describe: "Files or directories to read (default: the built-in catalog)" })
    .option("rules", { type: "string", array: true, default: [] as string[], describe: "Extra rule directory (repeatable)" })
    .option("placement", {
      type: "string",
      array: true,
      default: [] as string[],
      describe: "Placement to evaluate (repeatable; default all)",
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
    });
}

/**
 * Loads the inputs, printing every problem to stderr; input errors raise a UsageError (exit 2). A
 * deployment file that cannot be read is skipped instead, unless `strict`: the caller assesses the
 * rest and exits 2 at the end (see `hasSkippedFiles`).
 */
export function loadOrFail(paths: readonly string[], rulesDirs: readonly string[], strict = false): Inputs {
  const inputs = loadInputs({ paths, rulesDirs, cwd: process.cwd() });
  for (const problem of inputs.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  const skipped = new Set(strict ? [] : inputs.extracted.skipped);
  const count = inputs.problems.filter((p) => p.severity === "error" && !skipped.has(p.file)).length;
  if (count > 0) throw new UsageError(`${count} problem(s) in the input; nothing was assessed`);
  // With every artifact skipped, assessing would fall back to the built-in catalog: nothing the user gave was read.
  if (skipped.size > 0 && inputs.userServices.length === 0) {
    throw new UsageError(`skipped ${skipped.size} file(s) that could not be read, and the rest name no service; nothing was assessed`);
  }
  if (skipped.size > 0) process.stderr.write(`skipped ${skipped.size} file(s) that could not be read; assessed the rest\n`);
  return inputs;
}

/** The assess options every reading command takes from its flags: workloads or catalog, not-applicable findings, paths relative to the working directory. */
export function subjectOptions(args: { catalogOnly?: boolean; includeNotApplicable?: boolean }) {
  return { catalogOnly: args.catalogOnly === true, includeNotApplicable: args.includeNotApplicable === true, baseDir: process.cwd() };
}

/** True when some input files were skipped, which makes the run exit 2 once its reports are written. */
export function hasSkippedFiles(inputs: Inputs): boolean {
  return inputs.extracted.skipped.length > 0;
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
