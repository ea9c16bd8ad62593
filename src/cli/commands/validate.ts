import type { Command } from "../command.js";

/** The arguments of `blendcheck validate`. */
export interface ValidateArgs {
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
  run: async (args) => (await import("./validate-run.js")).runValidate(args),
};
