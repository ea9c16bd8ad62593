import type { Severity } from "../../model/common.js";
import { SEVERITIES } from "../../model/severities.js";
import { FORMATS } from "../../report/formats.js";
import type { Command } from "../command.js";
import { withInputOptions } from "../options.js";

/** The arguments of `blendcheck gate`. */
export interface GateArgs {
  paths?: string[];
  rules: string[];
  placement: string[];
  service: string[];
  exclude: string[];
  failOn?: Severity;
  policy?: string;
  baseline?: string;
  waivers: boolean;
  auditWaivers: boolean;
  format: string[];
  out: string;
  name: string;
  strict: boolean;
  catalogOnly?: boolean;
  includeNotApplicable?: boolean;
}

/** `blendcheck gate [paths..]`: assess, apply the policy, and exit 0 (passed), 1 (failed) or 2 (bad input). */
export const gateCommand: Command<GateArgs> = {
  name: "gate [paths..]",
  describe: "Assess and apply a policy (.blendcheck.yaml); the exit code says whether the gate passed",
  builder: (yargs) =>
    withInputOptions(yargs)
      .option("policy", { type: "string", describe: "Policy file (default: .blendcheck.yaml in the working directory, if present)" })
      .option("fail-on", {
        type: "string",
        choices: [...SEVERITIES],
        describe: "A failing finding of this severity or worse fails the gate (overrides the policy's failOn; default high)",
      })
      .option("baseline", { type: "string", describe: "A previous assessment JSON: only findings new since it fail the gate" })
      .option("waivers", { type: "boolean", default: true, describe: "Apply the policy's waivers (--no-waivers ignores them)" })
      .option("audit-waivers", { type: "boolean", default: false, describe: "List the waivers that matched no finding" })
      .option("format", {
        type: "string",
        array: true,
        default: [] as string[],
        describe: `Reports to write: ${Object.keys(FORMATS).join(", ")} (text and github print to stdout)`,
      })
      .option("out", { type: "string", default: "reports", describe: "Output directory for reports, or - for stdout (one format)" })
      .option("name", { type: "string", default: "blendcheck", describe: "Base name of the report files" }) as never,
  run: async (args) => (await import("./gate-run.js")).runGate(args),
};
