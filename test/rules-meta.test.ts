import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { renderRuleReference } from "../src/docs/rule-reference.js";
import { listPlaceholders } from "../src/engine/message.js";
import { runRuleTests } from "../src/engine/rule-test.js";
import { listFiles } from "../src/load/files.js";
import { loadInputs } from "../src/load/inputs.js";
import { parseYaml } from "../src/load/yaml.js";
import { placementSpecSchema } from "../src/model/placement.js";
import { profileSpecSchema } from "../src/model/profile.js";
import { FACTORS } from "../src/model/rule.js";
import { ROOT } from "./helpers/cli.js";

/** Minimum number of built-in rules per rules/ folder. */
const MIN_RULES = { "twelve-factor": 15, "ip-movement": 12, termination: 15, deployment: 15 } as const;

/** Facts a rule sees besides the spec: from the metadata and from the artifact readers (src/model/facts.ts). */
const SERVICE_EXTRA = ["name", "project", "role", "deployment", "oslo"];
const ARTIFACT_FACTS = new Set(["deployment", "oslo"]);
const PLACEMENT_EXTRA = ["name", "title"];

/** True when the dotted path exists in the zod schema, through optional, default, array and record wrappers. */
function hasSchemaPath(schema: z.ZodType, segments: readonly string[]): boolean {
  if (segments.length === 0) return true;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return hasSchemaPath(schema.unwrap() as z.ZodType, segments);
  if (schema instanceof z.ZodDefault) return hasSchemaPath(schema.unwrap() as z.ZodType, segments);
  if (schema instanceof z.ZodArray) {
    const [first, ...rest] = segments;
    return /^\d+$/.test(first ?? "") ? hasSchemaPath(schema.element as z.ZodType, rest) : false;
  }
  if (schema instanceof z.ZodRecord) return hasSchemaPath(schema.valueType as z.ZodType, segments.slice(1));
  if (schema instanceof z.ZodObject) {
    const [first, ...rest] = segments;
    const shape = schema.shape as Record<string, z.ZodType>;
    return first !== undefined && Object.hasOwn(shape, first) && hasSchemaPath(shape[first] as z.ZodType, rest);
  }
  return false;
}

/** Why a placeholder does not resolve, or undefined when it names a fact rules can see. */
function placeholderProblem(path: string): string | undefined {
  const [root, first, ...rest] = path.split(".");
  if (first === undefined) return "expected `service.<fact>` or `placement.<fact>`";
  if (root === "service") {
    if (ARTIFACT_FACTS.has(first)) return undefined;
    if (SERVICE_EXTRA.includes(first) && rest.length === 0) return undefined;
    return hasSchemaPath(profileSpecSchema, [first, ...rest]) ? undefined : "no such field in the profile spec";
  }
  if (root === "placement") {
    if (PLACEMENT_EXTRA.includes(first) && rest.length === 0) return undefined;
    return hasSchemaPath(placementSpecSchema, [first, ...rest]) ? undefined : "no such field in the placement spec";
  }
  return "expected `service.` or `placement.` first";
}

function isSentences(text: string): boolean {
  return /^[A-Z`"(0-9]/.test(text) && /[.!?]$/.test(text.trim()) && text.trim().split(/\s+/).length >= 5;
}

describe("built-in rules", () => {
  const inputs = loadInputs({ paths: [], cwd: ROOT });
  const rules = inputs.rules.map((r) => ({ ...r.rule, file: r.file }));

  it("load without problems", () => {
    expect(inputs.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(rules.length).toBeGreaterThan(0);
  });

  it("have unique ids across every rule file", () => {
    const { files } = listFiles([join(ROOT, "rules")], ROOT);
    const ids: string[] = [];
    for (const file of files.filter((f) => /\.ya?ml$/.test(f))) {
      const parsed = parseYaml(readFileSync(file, "utf8"), file, "core");
      if (!parsed.ok) continue;
      for (const { value } of parsed.documents) {
        const doc = value as { kind?: unknown; id?: unknown };
        if (doc.kind === "Rule") ids.push(String(doc.id));
      }
    }
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(duplicates).toEqual([]);
    expect(ids.length).toBe(rules.length);
  });

  it("sit at rules/<id>.yaml with their cases at rules/<id>.test.yaml", () => {
    for (const rule of rules) {
      expect(rule.file, rule.id).toBe(`rules/${rule.id}.yaml`);
      expect(existsSync(join(ROOT, "rules", `${rule.id}.test.yaml`)), `${rule.id}: rules/${rule.id}.test.yaml is missing`).toBe(true);
    }
  });

  it("have a title, sentences for rationale and remediation, and an https reference", () => {
    for (const rule of rules) {
      expect(rule.title.trim(), rule.id).not.toBe("");
      expect(isSentences(rule.rationale), `${rule.id}: rationale must be full sentences`).toBe(true);
      expect(isSentences(rule.remediation), `${rule.id}: remediation must be full sentences`).toBe(true);
      expect(
        rule.references.some((r) => r.url.startsWith("https://")),
        `${rule.id}: needs an https reference`,
      ).toBe(true);
    }
  });

  it("name only facts that exist in their message placeholders", () => {
    const bad: string[] = [];
    for (const rule of rules) {
      for (const path of listPlaceholders(rule.message)) {
        const problem = placeholderProblem(path);
        if (problem) bad.push(`${rule.id}: {{${path}}}: ${problem}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("resolve placeholders the way the checker expects", () => {
    expect(placeholderProblem("service.name")).toBeUndefined();
    expect(placeholderProblem("service.process.shutdownSeconds")).toBeUndefined();
    expect(placeholderProblem("service.deployment.graceSeconds")).toBeUndefined();
    expect(placeholderProblem("placement.graceSeconds")).toBeUndefined();
    expect(placeholderProblem("placement.events.restart")).toBeUndefined();
    expect(placeholderProblem("placement.title")).toBeUndefined();
    expect(placeholderProblem("service.process.shutdownSecs")).toBeDefined();
    expect(placeholderProblem("service.name.first")).toBeDefined();
    expect(placeholderProblem("placement.grace")).toBeDefined();
    expect(placeholderProblem("rule.id")).toBeDefined();
  });

  it("give twelve-factor rules a factor, and cover all twelve factors", () => {
    const twelve = rules.filter((r) => r.dimension === "twelve-factor");
    for (const rule of twelve) expect(rule.factor, rule.id).toBeDefined();
    const covered = new Set(twelve.map((r) => r.factor));
    expect(
      FACTORS.filter((f) => !covered.has(f)),
      "factors without a rule",
    ).toEqual([]);
  });

  it.each(Object.entries(MIN_RULES))("fill rules/%s with at least %i rules", (folder, min) => {
    expect(rules.filter((r) => r.id.startsWith(`${folder}/`)).length).toBeGreaterThanOrEqual(min);
  });

  it("prove themselves: every rule has a pass and a fail case, and every case holds", () => {
    const report = runRuleTests(inputs.rules, inputs.ruleTests, inputs.placements, { requireCoverage: inputs.rules });
    expect(report.cases.length).toBeGreaterThan(0);
    expect(
      report.cases.filter((c) => !c.ok).map((c) => `${c.file}:${c.line} ${c.rule} "${c.name}": expected ${c.expected}, got ${c.actual}`),
    ).toEqual([]);
    expect(report.uncovered).toEqual([]);
    expect(report.orphans).toEqual([]);
  });

  it("have fresh generated docs (run `npm run docs` when this fails)", () => {
    for (const page of renderRuleReference(inputs.rules, inputs.ruleTests)) {
      const path = join(ROOT, "docs", "rules", page.path);
      expect(existsSync(path) ? readFileSync(path, "utf8") : "(missing)", `docs/rules/${page.path} is stale: run \`npm run docs\``).toBe(
        page.text,
      );
    }
  });
});
