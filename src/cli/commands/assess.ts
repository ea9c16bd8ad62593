import { assess } from "../../assess.js";
import { loadPolicyFile } from "../../gate/load-policy.js";
import { formatProblem } from "../../load/problem.js";
import type { ScoringSettings } from "../../model/policy.js";
import { packageInfo } from "../../package-root.js";
import { FORMATS } from "../../report/render.js";
import type { Command } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";
import {
  checkNames,
  failWhenNothingAssessed,
  hasSkippedFiles,
  loadOrFail,
  parseFormats,
  sourceDateEpoch,
  subjectOptions,
  withInputOptions,
} from "../options.js";
import { startProgress } from "../progress.js";
import { checkStdoutFormats, emitReports } from "../write-report.js";

interface AssessArgs {
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
  async run(args) {
    const progress = startProgress();
    const formats = parseFormats(args.format);
    checkStdoutFormats(formats, args.out);
    const paths = args.paths ?? [];
    const inputs = loadOrFail(paths, args.rules, { exclude: args.exclude, out: args.out, strict: args.strict });
    failWhenNothingAssessed(paths, inputs);
    checkNames(inputs, args);
    const scoring = args.policy ? policyScoring(args.policy) : undefined;
    progress.step(`assessing ${inputs.userServices.length || inputs.profiles.length} service(s)`);
    const assessment = assess(inputs, {
      ...(scoring ? { scoring } : {}),
      placements: args.placement,
      services: args.service,
      generatedAt: sourceDateEpoch(),
      ...subjectOptions(args),
      tool: { name: "blendcheck", version: packageInfo().version },
    });
    failWhenNothingAssessed(paths, inputs, assessment.services.length);
    if (assessment.services.length === 0) throw new UsageError("nothing assessed: no service was assessed");
    progress.step("writing reports");
    const name = args.name ?? (paths.length === 0 ? "openstack" : "blendcheck");
    emitReports(assessment, formats, { out: args.out, name, summary: true, progress });
    return hasSkippedFiles(inputs) ? EXIT.badInput : EXIT.ok;
  },
};

/** The scoring settings of a policy file; its problems exit 2 with file:line:col. */
function policyScoring(file: string): ScoringSettings | undefined {
  const loaded = loadPolicyFile(file, process.cwd());
  if (loaded.ok) return loaded.policy.value.spec.scoring;
  for (const problem of loaded.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  throw new UsageError(`${loaded.problems.length} problem(s) in the policy; nothing was assessed`);
}
