import { resolve, sep } from "node:path";
import { renderRuleReference, writeReferencePages } from "../../docs/rule-reference.js";
import { runMitigationTests } from "../../engine/mitigation-test.js";
import { runRuleTests } from "../../engine/rule-test.js";
import { type Inputs, loadInputs } from "../../load/inputs.js";
import { formatProblem, hasErrors } from "../../load/problem.js";
import type { Rule } from "../../model/rule.js";
import { EXIT, UsageError } from "../exit-codes.js";
import type { RulesArgs } from "./rules.js";

/** Runs `blendcheck rules`, loaded only when the command runs. */
export async function runRules(args: RulesArgs): Promise<number> {
  if (args.action === "test") return runTests(args);
  const inputs = loadInputs({ paths: [], rulesDirs: args.rules, cwd: process.cwd() });
  for (const problem of inputs.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (hasErrors(inputs.problems)) return EXIT.badInput;
  if (args.action === "docs") {
    const pages = renderRuleReference(inputs.rules, inputs.ruleTests);
    writeReferencePages(pages, resolve(process.cwd(), args.out));
    process.stdout.write(`wrote ${pages.length} page(s) to ${args.out}\n`);
    return EXIT.ok;
  }
  const rules = inputs.rules.map((r) => r.rule);
  if (args.action === "show") {
    const rule = rules.find((r) => r.id === args.target);
    if (!rule)
      throw new UsageError(`expected a rule id such as ip-movement/identity-from-hostname, got ${JSON.stringify(args.target ?? "")}`);
    process.stdout.write(args.format === "json" ? `${JSON.stringify(rule, null, 2)}\n` : `${describeRule(rule)}\n`);
    return EXIT.ok;
  }
  const failing = args.placement === undefined ? undefined : rulesFailingUnder(inputs, args.placement);
  const selected = rules.filter(
    (r) =>
      (!args.dimension || r.dimension === args.dimension) &&
      (!args.severity || r.severity === args.severity) &&
      (!failing || failing.has(r.id)),
  );
  if (args.format === "json") {
    process.stdout.write(`${JSON.stringify(selected, null, 2)}\n`);
  } else {
    for (const r of selected) {
      process.stdout.write(`${r.id.padEnd(52)} ${r.dimension.padEnd(13)} ${r.severity.padEnd(8)} ${r.trigger.padEnd(15)} ${r.title}\n`);
    }
    process.stdout.write(`${selected.length} rule(s)\n`);
  }
  return EXIT.ok;
}

/** The ids of rules with a test case that expects `fail` under the placement. */
function rulesFailingUnder(inputs: Inputs, placement: string): Set<string> {
  if (!inputs.placements.some((p) => p.value.metadata.name === placement)) {
    const names = inputs.placements.map((p) => p.value.metadata.name).join(" | ");
    throw new UsageError(`expected a placement name (${names}), got ${JSON.stringify(placement)}`);
  }
  return new Set(
    inputs.ruleTests.filter((t) => t.value.cases.some((c) => c.placement === placement && c.expect === "fail")).map((t) => t.value.rule),
  );
}

function describeRule(rule: Rule): string {
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

/** True when the display path `file` lies inside one of the absolute directories (or is one of the given files). */
function isInside(file: string, roots: readonly string[]): boolean {
  const absolute = resolve(process.cwd(), file);
  return roots.some((root) => absolute === root || absolute.startsWith(root.endsWith(sep) ? root : root + sep));
}

async function runTests(args: RulesArgs): Promise<number> {
  const dirs = args.target ? [args.target, ...args.rules] : args.rules;
  const inputs = loadInputs({ paths: [], rulesDirs: dirs, cwd: process.cwd(), builtin: true });
  for (const problem of inputs.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (hasErrors(inputs.problems)) return EXIT.badInput;
  // A user's directory is tested on its own rules and tests; the built-in placements stay available.
  const roots = dirs.map((d) => resolve(process.cwd(), d));
  const ruleFiles = roots.length === 0 ? inputs.rules : inputs.rules.filter((r) => isInside(r.file, roots));
  const tests = roots.length === 0 ? inputs.ruleTests : inputs.ruleTests.filter((t) => isInside(t.file, roots));
  const mitigationFiles = roots.length === 0 ? inputs.mitigations : inputs.mitigations.filter((m) => isInside(m.file, roots));
  const mitigationTests = roots.length === 0 ? inputs.mitigationTests : inputs.mitigationTests.filter((t) => isInside(t.file, roots));
  if (roots.length > 0 && ruleFiles.length === 0 && tests.length === 0 && mitigationFiles.length === 0 && mitigationTests.length === 0) {
    throw new UsageError(`expected rules or rule tests in ${dirs.join(", ")}, got none`);
  }
  const report = runRuleTests(inputs.rules, tests, inputs.placements, { requireCoverage: ruleFiles });
  let failed = 0;
  for (const c of report.cases) {
    if (c.ok) continue;
    failed++;
    process.stdout.write(
      `FAIL ${c.file}:${c.line} ${c.rule} "${c.name}": expected ${c.expected}, got ${c.actual}${c.detail ? ` (${c.detail})` : ""}\n`,
    );
  }
  for (const o of report.orphans) process.stdout.write(`FAIL ${o.file}: tests rule ${o.rule}, which does not exist\n`);
  for (const u of report.uncovered) process.stdout.write(`FAIL ${u.file}: rule ${u.rule} has no ${u.missing.join(" or ")} case\n`);
  const mitigationReport = runMitigationTests(inputs.mitigations, inputs.rules, mitigationTests, inputs.placements, {
    requireCoverage: mitigationFiles,
  });
  let mitigationFailed = 0;
  for (const c of mitigationReport.cases) {
    if (c.ok) continue;
    mitigationFailed++;
    process.stdout.write(`FAIL ${c.file}:${c.line} ${c.mitigation} "${c.name}": expected ${c.expected}, got ${c.actual}\n`);
  }
  for (const o of mitigationReport.orphans)
    process.stdout.write(`FAIL ${o.file}: tests mitigation ${o.mitigation}, which does not exist\n`);
  for (const u of mitigationReport.uncovered) {
    process.stdout.write(`FAIL ${u.file}: mitigation ${u.mitigation} has no case that ${u.missing.join(" and no case that ")}\n`);
  }
  const problems =
    failed +
    report.orphans.length +
    report.uncovered.length +
    mitigationFailed +
    mitigationReport.orphans.length +
    mitigationReport.uncovered.length;
  process.stdout.write(`${ruleFiles.length} rule(s), ${report.cases.length - failed} case(s) passed, ${failed} failed\n`);
  if (mitigationFiles.length > 0 || mitigationTests.length > 0) {
    process.stdout.write(
      `${mitigationFiles.length} mitigation(s), ${mitigationReport.cases.length - mitigationFailed} case(s) passed, ${mitigationFailed} failed\n`,
    );
  }
  return problems === 0 ? EXIT.ok : EXIT.gateFailed;
}
