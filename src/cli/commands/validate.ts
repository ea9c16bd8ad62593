import { loadInputs } from "../../load/inputs.js";
import { formatProblem, hasErrors } from "../../load/problem.js";
import type { Command } from "../command.js";
import { EXIT } from "../exit-codes.js";

interface ValidateArgs {
  paths?: string[];
  rules: string[];
}

/** `blendcheck validate [paths..]`: check profiles, rules, placements and policies. */
export const validateCommand: Command<ValidateArgs> = {
  name: "validate [paths..]",
  describe: "Check profiles, rules, placements and policies; list every problem with file:line:col",
  builder: (yargs) =>
    yargs
      .positional("paths", { type: "string", array: true, describe: "Files or directories (default: the built-in catalog)" })
      .option("rules", { type: "string", array: true, default: [] as string[], describe: "Extra rule directory (repeatable)" }) as never,
  async run(args) {
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
  },
};
