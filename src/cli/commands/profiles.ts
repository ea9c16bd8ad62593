import type { Command } from "../command.js";

/** The arguments of `blendcheck profiles`. */
export interface ProfilesArgs {
  action: string;
  name?: string;
  format: string;
}

/** `blendcheck profiles list|show`: browse the service profile catalog. */
export const profilesCommand: Command<ProfilesArgs> = {
  name: "profiles <action> [name]",
  describe: "List service profiles (list) or print one (show NAME)",
  builder: (yargs) =>
    yargs
      .positional("action", { type: "string", choices: ["list", "show"], describe: "What to do" })
      .positional("name", { type: "string", describe: "A profile name (show)" })
      .option("format", { type: "string", choices: ["text", "json", "yaml"], default: "text", describe: "Output format" }) as never,
  run: async (args) => (await import("./profiles-run.js")).runProfiles(args),
};
