import type { Command } from "../command.js";

/** The formats `diff` prints; each has its formatter in diff-run.ts. */
export const DIFF_FORMAT_NAMES = ["text", "md", "json"] as const;

/** The arguments of `blendcheck diff`. */
export interface DiffArgs {
  old: string;
  new: string;
  format: string;
  failOnRegression: boolean;
}

/** `blendcheck diff OLD.json NEW.json`: the scores, fits and failing findings that moved. */
export const diffCommand: Command<DiffArgs> = {
  name: "diff <old> <new>",
  describe: "Compare two assessment JSON files: what got better or worse",
  builder: (yargs) =>
    yargs
      .positional("old", { type: "string", demandOption: true, describe: "The earlier assessment JSON" })
      .positional("new", { type: "string", demandOption: true, describe: "The later assessment JSON" })
      .option("format", { type: "string", default: "text", choices: [...DIFF_FORMAT_NAMES], describe: "Output format" })
      .option("fail-on-regression", { type: "boolean", default: false, describe: "Exit 1 when anything got worse" }) as never,
  run: async (args) => (await import("./diff-run.js")).runDiff(args),
};
