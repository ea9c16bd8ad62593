// Writes the rule reference under docs/rules from the built-in rules and their tests (see src/docs/rule-reference.ts).
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const bundle = join(root, "node_modules", ".cache", "blendcheck", "rule-reference.mjs");
await build({
  stdin: {
    contents:
      'export { loadInputs } from "./src/load/inputs.ts";\nexport * from "./src/docs/rule-reference.ts";\nexport { formatProblem } from "./src/load/problem.ts";\n',
    resolveDir: root,
    loader: "ts",
  },
  outfile: bundle,
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  logLevel: "warning",
});
const { loadInputs, renderRuleReference, writeReferencePages, formatProblem } = await import(pathToFileURL(bundle).href);
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
