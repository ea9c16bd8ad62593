import type { Command } from "../command.js";

/** The arguments of `blendcheck rules`. */
export interface RulesArgs {
  action: string;
  target?: string;
  rules: string[];
  dimension?: string;
  severity?: string;
  placement?: string;
  format: string;
  out: string;
}

/** `blendcheck rules list|show|test|docs`: browse the rule catalog, run rule test cases, write the rule reference. */
export const rulesCommand: Command<RulesArgs> = {
  name: "rules <action> [target]",
  describe: "List or show rules (list, show ID), run rule test cases (test [DIR]) or write the rule reference (docs)",
  builder: (yargs) =>
    yargs
      .positional("action", { type: "string", choices: ["list", "show", "test", "docs"], describe: "What to do" })
      .positional("target", { type: "string", describe: "A rule id (show) or a rule directory (test)" })
      .option("rules", { type: "string", array: true, default: [] as string[], describe: "Extra rule directory (repeatable)" })
      .option("dimension", { type: "string", describe: "list: only this dimension" })
      .option("severity", { type: "string", describe: "list: only this severity" })
      .option("placement", {
        type: "string",
        describe: "list: only rules whose test cases include a failing case under this placement name",
      })
      .option("format", { type: "string", choices: ["text", "json"], default: "text", describe: "list/show output format" })
      .option("out", { type: "string", default: "docs/rules", describe: "docs: the folder to write the Markdown pages to" }) as never,
  run: async (args) => (await import("./rules-run.js")).runRules(args),
};
