import { runRuleTests } from "../../engine/rule-test.js";
import { loadInputs } from "../../load/inputs.js";
import { formatProblem, hasErrors } from "../../load/problem.js";
import type { Command } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";

interface RulesArgs {
  action: string;
  target?: string;
  rules: string[];
  dimension?: string;
  severity?: string;
  format: string;
}

/** `blendcheck rules list|show|test`: browse the rule catalog and run rule test cases. */
export const rulesCommand: Command<RulesArgs> = {
  name: "rules <action> [target]",
  describe: "List or show rules (list, show ID), or run rule test cases (test [DIR])",
  builder: (yargs) =>
    yargs
      .positional("action", { type: "string", choices: ["list", "show", "test"], describe: "What to do" })
      .positional("target", { type: "string", describe: "A rule id (show) or a rule directory (test)" })
      .option("rules", { type: "string", array: true, default: [] as string[], describe: "Extra rule directory (repeatable)" })
      .option("dimension", { type: "string", describe: "list: only this dimension" })
      .option("severity", { type: "string", describe: "list: only this severity" })
      .option("format", { type: "string", choices: ["text", "json"], default: "text", describe: "list/show output format" }) as never,
  async run(args) {
    if (args.action === "test") return runTests(args);
    const inputs = loadInputs({ paths: [], rulesDirs: args.rules, cwd: process.cwd() });
    for (const problem of inputs.problems) process.stderr.write(`${formatProblem(problem)}\n`);
    if (hasErrors(inputs.problems)) return EXIT.badInput;
    const rules = inputs.rules.map((r) => r.rule);
    if (args.action === "show") {
      const rule = rules.find((r) => r.id === args.target);
      if (!rule) throw new UsageError(`expected a rule id such as ip-movement/identity-from-hostname, got ${JSON.stringify(args.target ?? "")}`);
      process.stdout.write(args.format === "json" ? `${JSON.stringify(rule, null, 2)}\n` : `${describeRule(rule)}\n`);
      return EXIT.ok;
    }
    const selected = rules.filter((r) => (!args.dimension || r.dimension === args.dimension) && (!args.severity || r.severity === args.severity));
    if (args.format === "json") {
      process.stdout.write(`${JSON.stringify(selected, null, 2)}\n`);
    } else {
      for (const r of selected) process.stdout.write(`${r.id.padEnd(52)} ${r.severity.padEnd(8)} ${r.title}\n`);
      process.stdout.write(`${selected.length} rule(s)\n`);
    }
    return EXIT.ok;
  },
};

function describeRule(rule: { id: string; title: string; dimension: string; severity: string; trigger: string; effort: number; when: string; fails: string; rationale: string; remediation: string; references: { title: string; url: string }[]; factor?: string | undefined }): string {
  return [
    `${rule.id}: ${rule.title}`,
    `dimension ${rule.dimension}${rule.factor ? ` (factor ${rule.factor})` : ""} · severity ${rule.severity} · trigger ${rule.trigger} · effort ${rule.effort}`,
    `when:  ${rule.when}`,
    `fails: ${rule.fails}`,
    "",
    rule.rationale,
    "",
    `Remediation: ${rule.remediation}`,
    "",
    ...rule.references.map((r) => `- ${r.title}: ${r.url}`),
  ].join("\n");
}

async function runTests(args: RulesArgs): Promise<number> {
  const dirs = args.target ? [args.target, ...args.rules] : args.rules;
  const builtin = dirs.length === 0;
  const inputs = loadInputs({ paths: [], rulesDirs: dirs, cwd: process.cwd(), builtin: true });
  for (const problem of inputs.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (hasErrors(inputs.problems)) return EXIT.badInput;
  const ruleFiles = builtin ? inputs.rules : inputs.rules.filter((r) => !r.file.includes("/node_modules/") && dirs.some((d) => r.file.startsWith(d.replace(/^\.\//, "").replace(/\/$/, ""))));
  const tests = builtin ? inputs.ruleTests : inputs.ruleTests.filter((t) => dirs.some((d) => t.file.startsWith(d.replace(/^\.\//, "").replace(/\/$/, ""))));
  const report = runRuleTests(inputs.rules, tests, inputs.placements, { requireCoverage: ruleFiles });
  let failed = 0;
  for (const c of report.cases) {
    if (c.ok) continue;
    failed++;
    process.stdout.write(`FAIL ${c.file}:${c.line} ${c.rule} "${c.name}": expected ${c.expected}, got ${c.actual}${c.detail ? ` (${c.detail})` : ""}\n`);
  }
  for (const o of report.orphans) process.stdout.write(`FAIL ${o.file}: tests rule ${o.rule}, which does not exist\n`);
  for (const u of report.uncovered) process.stdout.write(`FAIL ${u.file}: rule ${u.rule} has no ${u.missing.join(" or ")} case\n`);
  const problems = failed + report.orphans.length + report.uncovered.length;
  process.stdout.write(`${report.cases.length - failed} passed, ${failed} failed\n`);
  return problems === 0 ? EXIT.ok : EXIT.gateFailed;
}
