import type { z } from "zod";
import { type CompiledCondition, compileCondition } from "../engine/cel.js";
import { API_VERSION } from "../model/common.js";
import { type Placement, placementSchema } from "../model/placement.js";
import { type Policy, policySchema } from "../model/policy.js";
import { type ServiceProfile, serviceProfileSchema } from "../model/profile.js";
import { type Rule, type RuleTest, ruleSchema, ruleTestSchema } from "../model/rule.js";
import type { InputFile } from "./files.js";
import type { Problem } from "./problem.js";
import { validateDocument } from "./validate.js";
import { locatePath, parseYaml } from "./yaml.js";

/** A validated document with the file it came from, kept for locating facts later. */
export interface Loaded<T> {
  value: T;
  file: string;
  text: string;
  docIndex: number;
}

/** A rule with its conditions compiled once, at load. */
export interface CompiledRule {
  rule: Rule;
  file: string;
  when: CompiledCondition;
  fails: CompiledCondition;
}

/** Every blendcheck document found in a set of files, and the files that are not ours. */
export interface LoadedDocuments {
  profiles: Loaded<ServiceProfile>[];
  placements: Loaded<Placement>[];
  rules: CompiledRule[];
  ruleTests: Loaded<RuleTest>[];
  policies: Loaded<Policy>[];
  /** Files that hold no blendcheck document: deployment artifacts for the readers. */
  artifacts: InputFile[];
  problems: Problem[];
}

const KINDS = {
  ServiceProfile: serviceProfileSchema,
  Placement: placementSchema,
  Rule: ruleSchema,
  RuleTest: ruleTestSchema,
  Policy: policySchema,
} as const satisfies Record<string, z.ZodType>;

type Kind = keyof typeof KINDS;

const OURS = new RegExp(`^apiVersion:\\s*["']?${API_VERSION.replace("/", "\\/")}["']?\\s*$`, "m");
const YAML_EXTENSIONS = /\.(ya?ml|json)$/i;

/** True when a file holds blendcheck documents (an `apiVersion: blendcheck/v1` line). */
export function isBlendcheckFile(input: InputFile): boolean {
  return YAML_EXTENSIONS.test(input.file) && OURS.test(input.text);
}

/** An empty result to merge into. */
export function emptyDocuments(): LoadedDocuments {
  return { profiles: [], placements: [], rules: [], ruleTests: [], policies: [], artifacts: [], problems: [] };
}

/**
 * Parses and validates every blendcheck document in the files, compiling rule conditions. Files
 * without a blendcheck document are returned as artifacts. Every problem is collected; nothing stops
 * at the first.
 */
export function loadDocuments(inputs: readonly InputFile[]): LoadedDocuments {
  const out = emptyDocuments();
  for (const input of inputs) {
    if (!isBlendcheckFile(input)) {
      out.artifacts.push(input);
      continue;
    }
    const parsed = parseYaml(input.text, input.file, "core");
    if (!parsed.ok) {
      out.problems.push(parsed.problem);
      continue;
    }
    for (const { index, value } of parsed.documents) {
      const source = { file: input.file, text: input.text, docIndex: index };
      const kind = kindOf(value);
      if (kind === undefined) {
        const { line, column } = locatePath(input.text, index, ["kind"]);
        const got =
          typeof value === "object" && value !== null && "kind" in value ? JSON.stringify((value as { kind: unknown }).kind) : "nothing";
        out.problems.push({
          file: input.file,
          line,
          column,
          severity: "error",
          code: "unknown-kind",
          path: "kind",
          message: `expected one of ${Object.keys(KINDS).join(" | ")}, got ${got}`,
        });
        continue;
      }
      const validated = validateDocument(KINDS[kind], value, source);
      if (!validated.ok) {
        out.problems.push(...validated.problems);
        continue;
      }
      const loaded = { file: input.file, text: input.text, docIndex: index };
      switch (kind) {
        case "ServiceProfile":
          out.profiles.push({ ...loaded, value: validated.value as ServiceProfile });
          break;
        case "Placement":
          out.placements.push({ ...loaded, value: validated.value as Placement });
          break;
        case "Rule": {
          const compiled = compileRule({ ...loaded, value: validated.value as Rule }, out.problems);
          if (compiled) out.rules.push(compiled);
          break;
        }
        case "RuleTest":
          out.ruleTests.push({ ...loaded, value: validated.value as RuleTest });
          break;
        case "Policy":
          out.policies.push({ ...loaded, value: validated.value as Policy });
          break;
      }
    }
  }
  return out;
}

function kindOf(value: unknown): Kind | undefined {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, "kind")) return undefined;
  const kind = (value as { kind: unknown }).kind;
  return typeof kind === "string" && Object.hasOwn(KINDS, kind) ? (kind as Kind) : undefined;
}

/** Compiles a rule's `when` and `fails`, reporting a CEL error at the line and column it points to. */
function compileRule(loaded: Loaded<Rule>, problems: Problem[]): CompiledRule | undefined {
  const rule = loaded.value;
  const expectedSuffix = `${rule.id}.yaml`;
  if (!loaded.file.endsWith(expectedSuffix) && !loaded.file.endsWith(`${rule.id}.yml`)) {
    const { line, column } = locatePath(loaded.text, loaded.docIndex, ["id"]);
    problems.push({
      file: loaded.file,
      line,
      column,
      severity: "error",
      code: "rule-path-mismatch",
      path: "id",
      message: `expected the file to be <rules dir>/${expectedSuffix} so its path mirrors the id, got ${loaded.file}`,
    });
  }
  const compiled: Partial<Record<"when" | "fails", CompiledCondition>> = {};
  for (const field of ["when", "fails"] as const) {
    const result = compileCondition(rule[field]);
    if (result.ok) {
      compiled[field] = result.condition;
      continue;
    }
    const { line, column } = locatePath(loaded.text, loaded.docIndex, [field]);
    problems.push({
      file: loaded.file,
      line,
      column: column + result.column - 1,
      severity: "error",
      code: "cel-syntax",
      path: field,
      message: `expected a valid CEL condition, got: ${result.message}`,
    });
  }
  if (!compiled.when || !compiled.fails) return undefined;
  return { rule, file: loaded.file, when: compiled.when, fails: compiled.fails };
}
