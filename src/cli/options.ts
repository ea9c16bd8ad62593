import type { Argv } from "yargs";
import { type Inputs, loadInputs } from "../load/inputs.js";
import { formatProblem, hasErrors } from "../load/problem.js";
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
    .option("service", { type: "string", array: true, default: [] as string[], describe: "Service name glob (repeatable; default all)" });
}

/** Loads the inputs, printing every problem to stderr; input errors raise a UsageError (exit 2). */
export function loadOrFail(paths: readonly string[], rulesDirs: readonly string[]): Inputs {
  const inputs = loadInputs({ paths, rulesDirs, cwd: process.cwd() });
  for (const problem of inputs.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (hasErrors(inputs.problems)) {
    const count = inputs.problems.filter((p) => p.severity === "error").length;
    throw new UsageError(`${count} problem(s) in the input; nothing was assessed`);
  }
  return inputs;
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
