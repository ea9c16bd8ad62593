import type { Command } from "../command.js";

/** The arguments of `blendcheck placements`. */
export interface PlacementsArgs {
  action: string;
  rules: string[];
  format: string;
}

/** `blendcheck placements list`: the placements `--placement` and a policy's `placements` accept. */
export const placementsCommand: Command<PlacementsArgs> = {
  name: "placements <action>",
  describe: "List the placements (list) that --placement and a policy accept",
  builder: (yargs) =>
    yargs
      .positional("action", { type: "string", choices: ["list"], describe: "What to do" })
      .option("rules", {
        type: "string",
        array: true,
        default: [] as string[],
        describe: "Extra rule directory with placements (repeatable)",
      })
      .option("format", { type: "string", choices: ["text", "json"], default: "text", describe: "Output format" }) as never,
  run: async (args) => (await import("./placements-run.js")).runPlacements(args),
};
