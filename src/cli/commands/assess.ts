import { FORMATS } from "../../report/formats.js";
import type { Command } from "../command.js";
import { withInputOptions } from "../options.js";

/** The arguments of `blendcheck assess`. */
export interface AssessArgs {
  paths?: string[];
  rules: string[];
  placement: string[];
  service: string[];
  exclude: string[];
  format: string[];
  out: string;
  name?: string;
  policy?: string;
  strict: boolean;
  catalogOnly?: boolean;
  includeNotApplicable?: boolean;
}

/** `blendcheck assess [paths..]`: assess the catalog or the given files and write reports. */
export const assessCommand: Command<AssessArgs> = {
  name: "assess [paths..]",
  describe: "Assess services under every placement and write reports (default: the built-in catalog)",
  builder: (yargs) =>
    withInputOptions(yargs)
      .option("format", {
        type: "string",
        array: true,
        default: ["html,md,json"],
        describe: `Output formats: ${Object.keys(FORMATS).join(", ")} (text and github print to stdout)`,
      })
      .option("out", { type: "string", default: "reports", describe: "Output directory, or - for stdout (one format)" })
      .option("policy", { type: "string", describe: "Policy file whose `scoring` settings to use (as `gate` does)" })
      .option("name", {
        type: "string",
        describe: "Base name of the report files (default: openstack for the catalog, else blendcheck)",
      }) as never,
  run: async (args) => (await import("./assess-run.js")).runAssess(args),
};
