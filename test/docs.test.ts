import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderRuleReference } from "../src/docs/rule-reference.js";
import { loadInputs } from "../src/load/inputs.js";
import { ROOT, runCli, tempDir } from "./helpers/cli.js";

const DOCS_DIR = join(ROOT, "docs", "rules");
const STALE = "docs/rules is stale: run `npm run docs` (blendcheck rules docs) and commit the result";

function listMarkdown(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => f.split("\\").join("/"))
    .sort();
}

describe("generated rule reference", () => {
  const inputs = loadInputs({ paths: [], cwd: ROOT });
  const pages = renderRuleReference(inputs.rules, inputs.ruleTests);

  it("loads the built-in rules without problems", () => {
    expect(inputs.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("has an index and one page per rule, at the rule's id", () => {
    expect(pages.map((p) => p.path)).toEqual(["index.md", ...inputs.rules.map((r) => `${r.rule.id}.md`)].sort());
    const index = pages.find((p) => p.path === "index.md")?.text ?? "";
    for (const { rule } of inputs.rules) expect(index).toContain(`[${rule.id}](${rule.id}.md)`);
  });

  it("matches the committed docs/rules, file for file", () => {
    expect(listMarkdown(DOCS_DIR), STALE).toEqual(pages.map((p) => p.path));
    for (const page of pages) expect(readFileSync(join(DOCS_DIR, page.path), "utf8"), `${STALE} (${page.path})`).toBe(page.text);
  });

  it("renders the same bytes twice (deterministic)", () => {
    expect(renderRuleReference([...inputs.rules].reverse(), [...inputs.ruleTests].reverse())).toEqual(pages);
  });

  it("puts the conditions, the sentences and every test case on a rule's page", () => {
    const { rule } = inputs.rules[0] ?? { rule: undefined };
    if (!rule) throw new Error("expected at least one built-in rule");
    const text = pages.find((p) => p.path === `${rule.id}.md`)?.text ?? "";
    expect(text).toContain(`# ${rule.title}`);
    expect(text).toContain(`\`\`\`cel\n${rule.fails}\n\`\`\``);
    expect(text).toContain(rule.rationale);
    expect(text).toContain(rule.remediation);
    for (const ref of rule.references) expect(text).toContain(`(${ref.url})`);
    const cases = inputs.ruleTests.filter((t) => t.value.rule === rule.id).flatMap((t) => t.value.cases);
    for (const c of cases) expect(text).toContain(`| ${c.name.replace(/\|/g, "\\|")} | ${c.placement} |`);
  });

  it("writes the same pages with `blendcheck rules docs --out DIR`", () => {
    const out = tempDir();
    const result = runCli(["rules", "docs", "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    const current = loadInputs({ paths: [], cwd: ROOT });
    const expected = renderRuleReference(current.rules, current.ruleTests);
    expect(listMarkdown(out)).toEqual(expected.map((p) => p.path));
    for (const page of expected) expect(readFileSync(join(out, page.path), "utf8")).toBe(page.text);
  });
});
