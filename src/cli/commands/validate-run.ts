import { loadInputs } from "../../load/inputs.js";
import { formatProblem, hasErrors } from "../../load/problem.js";
import { EXIT } from "../exit-codes.js";
import type { ValidateArgs } from "./validate.js";

/** Runs `blendcheck validate`, loaded only when the command runs. */
export async function runValidate(args: ValidateArgs): Promise<number> {
  const paths = args.paths ?? [];
  const inputs = loadInputs({ paths, rulesDirs: args.rules, cwd: process.cwd(), builtin: paths.length === 0 });
  for (const problem of inputs.problems) process.stdout.write(`${formatProblem(problem)}\n`);
  const errors = inputs.problems.filter((p) => p.severity === "error").length;
  if (hasErrors(inputs.problems)) {
    process.stderr.write(`${errors} problem(s) found\n`);
    return EXIT.badInput;
  }
  const summary = `${inputs.profiles.length} profile(s), ${inputs.placements.length} placement(s), ${inputs.rules.length} rule(s), ${inputs.ruleTests.length} rule test(s), ${inputs.mitigations.length} mitigation(s), ${inputs.libraries.length} librar(ies), ${inputs.policies.length} polic(ies): valid`;
  process.stdout.write(`${summary}\n`);
  return EXIT.ok;
}
