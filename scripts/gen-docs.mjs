// Writes the rule reference under docs/rules and the mitigation reference (with the scoring method)
// under docs/mitigations from the built-in rules, mitigations and their tests (see src/docs/rule-reference.ts).
import { join } from "node:path";
import { importSource, root } from "./import-source.mjs";

const { loadInputs, renderRuleReference, renderMitigationReference, writeReferencePages, formatProblem, DEFAULT_SCORING } =
  await importSource(
    "rule-reference",
    'export { loadInputs } from "./src/load/inputs.ts";\nexport * from "./src/docs/rule-reference.ts";\nexport { formatProblem } from "./src/load/problem.ts";\nexport { DEFAULT_SCORING } from "./src/model/policy.ts";\n',
  );
const inputs = loadInputs({ paths: [], cwd: root });
const errors = inputs.problems.filter((p) => p.severity === "error");
for (const problem of errors) process.stderr.write(`${formatProblem(problem)}\n`);
if (errors.length > 0) {
  process.stderr.write("the built-in rules have problems; docs not written\n");
  process.exit(2);
}
const pages = renderRuleReference(inputs.rules, inputs.ruleTests);
writeReferencePages(pages, join(root, "docs", "rules"), { prune: true });
process.stdout.write(`wrote ${pages.length} pages under docs/rules\n`);
const mitigationPages = renderMitigationReference(inputs.mitigations, inputs.mitigationTests, DEFAULT_SCORING);
writeReferencePages(mitigationPages, join(root, "docs", "mitigations"), { prune: true });
process.stdout.write(`wrote ${mitigationPages.length} pages under docs/mitigations\n`);
