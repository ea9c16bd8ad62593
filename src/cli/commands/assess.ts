import { assess } from "../../assess.js";
import { loadPolicyFile } from "../../gate/load-policy.js";
import { formatProblem } from "../../load/problem.js";
import type { ScoringSettings } from "../../model/policy.js";
import { packageInfo } from "../../package-root.js";
import { FORMATS, type Format, isFormat } from "../../report/render.js";
import type { Command } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";
import { hasSkippedFiles, loadOrFail, sourceDateEpoch, splitList, subjectOptions, withInputOptions } from "../options.js";
import { writeReport } from "../write-report.js";

interface AssessArgs {
  paths?: string[];
  rules: string[];
  placement: string[];
  service: string[];
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
        describe: `Output formats: ${Object.keys(FORMATS).join(", ")}`,
      })
      .option("out", { type: "string", default: "reports", describe: "Output directory" })
      .option("policy", { type: "string", describe: "Policy file whose `scoring` settings to use (as `gate` does)" })
      .option("name", {
        type: "string",
        describe: "Base name of the report files (default: openstack for the catalog, else blendcheck)",
      }) as never,
  async run(args) {
    const formats = splitList(args.format);
    const unknown = formats.filter((f) => !isFormat(f));
    if (unknown.length > 0) throw new UsageError(`expected formats among ${Object.keys(FORMATS).join(", ")}, got ${unknown.join(", ")}`);
    const paths = args.paths ?? [];
    const inputs = loadOrFail(paths, args.rules, args.strict);
    const scoring = args.policy ? policyScoring(args.policy) : undefined;
    const assessment = assess(inputs, {
      ...(scoring ? { scoring } : {}),
      placements: args.placement,
      services: args.service,
      ...subjectOptions(args),
      generatedAt: sourceDateEpoch(),
      tool: { name: "blendcheck", version: packageInfo().version },
    });
    if (assessment.services.length === 0) throw new UsageError("no service was assessed: the inputs name no known service");
    const name = args.name ?? (paths.length === 0 ? "openstack" : "blendcheck");
    for (const format of formats as Format[]) {
      writeReport(format, assessment, args.out, name);
    }
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
