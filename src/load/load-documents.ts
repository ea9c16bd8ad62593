import { createHash } from "node:crypto";
import { appendAll } from "../append-all.js";
import { type CompiledCondition, compileCondition } from "../engine/cel.js";
import { type CompiledExpression, compileExpression } from "../engine/cel-expression.js";
import { API_VERSION } from "../model/constants.js";
import type { Library } from "../model/library.js";
import type { Mitigation, MitigationTest } from "../model/mitigation.js";
import type { Placement } from "../model/placement.js";
import type { Policy } from "../model/policy.js";
import type { ServiceProfile } from "../model/profile.js";
import type { Rule, RuleTemplate, RuleTest } from "../model/rule.js";
import { loadCatalogSnapshot } from "./catalog-snapshot.js";
import { type InputFile, utf16Of } from "./files.js";
import type { Problem } from "./problem.js";
import type { DocumentSource, Validated } from "./validate.js";
import { locatePath } from "./yaml.js";

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

/** A mitigation with its `applies` condition and `sets` expressions compiled once, at load. */
export interface CompiledMitigation {
  mitigation: Mitigation;
  file: string;
  /** The file's text and the document's index in it, for locating later problems. */
  text: string;
  docIndex: number;
  applies: CompiledCondition;
  sets: { path: string[]; expression: CompiledExpression }[];
}

/** Every blendcheck document found in a set of files, and the files that are not ours. */
export interface LoadedDocuments {
  profiles: Loaded<ServiceProfile>[];
  placements: Loaded<Placement>[];
  rules: CompiledRule[];
  ruleTests: Loaded<RuleTest>[];
  ruleTemplates: Loaded<RuleTemplate>[];
  mitigations: CompiledMitigation[];
  mitigationTests: Loaded<MitigationTest>[];
  libraries: Loaded<Library>[];
  policies: Loaded<Policy>[];
  /** Files that hold no blendcheck document: deployment artifacts for the readers. */
  artifacts: InputFile[];
  problems: Problem[];
}

/** The kinds of blendcheck document. */
export type Kind =
  | "ServiceProfile"
  | "Placement"
  | "Rule"
  | "RuleTest"
  | "RuleTemplate"
  | "Mitigation"
  | "MitigationTest"
  | "Library"
  | "Policy";

/**
 * Parses and validates what the build did not: a file of documents, and a profile merged with its
 * libraries. The checker holds the schemas; `check-file.ts` gives the one the loader uses.
 */
export interface DocumentChecker {
  /** Parses a blendcheck file and validates each document against the schema of its kind. */
  file(input: InputFile): CheckedDocument[] | { problem: Problem };
  /** Validates a profile merged with its libraries; problems point into the profile's own document. */
  mergedProfile(candidate: unknown, source: DocumentSource): Validated<ServiceProfile>;
}

/** Thrown when a file or a merged profile needs validating and the load was given no checker to do it. */
export class UncheckedDocumentError extends Error {
  constructor(what: string) {
    super(`${what} was not checked when blendcheck was built, and this load has no checker`);
  }
}

const OURS = new RegExp(`^apiVersion:\\s*["']?${API_VERSION.replace("/", "\\/")}["']?\\s*$`, "m");
const YAML_EXTENSIONS = /\.(ya?ml|json)$/i;

/** True when a file holds blendcheck documents (an `apiVersion: blendcheck/v1` line). */
export function isBlendcheckFile(input: InputFile): boolean {
  return hasDocumentName(input.file) && OURS.test(input.text);
}

/** True when a file is named as blendcheck documents may be: YAML or JSON. */
export function hasDocumentName(file: string): boolean {
  return YAML_EXTENSIONS.test(file);
}

const API_VERSION_BYTES = Buffer.from(API_VERSION, "utf8");

/**
 * False when a file's bytes cannot hold blendcheck documents, told without decoding them: they are
 * UTF-8 (no UTF-16 byte order mark) and `blendcheck/v1` is nowhere in them. True leaves it to
 * `isBlendcheckFile`, once they are decoded.
 */
export function mayHoldDocuments(bytes: Uint8Array): boolean {
  return utf16Of(bytes) !== undefined || Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(API_VERSION_BYTES);
}

/** An empty result to merge into. */
export function emptyDocuments(): LoadedDocuments {
  return {
    profiles: [],
    placements: [],
    rules: [],
    ruleTests: [],
    ruleTemplates: [],
    mitigations: [],
    mitigationTests: [],
    libraries: [],
    policies: [],
    artifacts: [],
    problems: [],
  };
}

/** What a load of documents builds on besides the files. */
export interface DocumentLoadOptions {
  templates?: readonly Loaded<RuleTemplate>[];
  /** Files checked before, by the SHA-256 of their text (`loadCatalogSnapshot`, which is the default). */
  snapshot?: ReadonlyMap<string, string>;
  /** Checks a file the snapshot does not hold; without one, such a file throws `UncheckedDocumentError`. */
  checker?: DocumentChecker;
}

/**
 * Parses and validates every blendcheck document in the files, compiling rule conditions (a rule
 * that names a `template` uses the templates found here or given). Files without a blendcheck
 * document are returned as artifacts. Every problem is collected; nothing stops at the first.
 */
export function loadDocumentsWith(inputs: readonly InputFile[], options: DocumentLoadOptions = {}): LoadedDocuments {
  const out = emptyDocuments();
  const rules: Loaded<Rule>[] = [];
  const snapshot = options.snapshot ?? loadCatalogSnapshot();
  for (const input of inputs) {
    if (!isBlendcheckFile(input)) {
      out.artifacts.push(input);
      continue;
    }
    // A built-in file as it was at build time was parsed and validated then: its documents are reused.
    const known = snapshot?.get(hashText(input.text));
    const checked = known === undefined ? checkOrThrow(input, options.checker) : (JSON.parse(known) as CheckedDocument[]);
    if (!Array.isArray(checked)) {
      out.problems.push(checked.problem);
      continue;
    }
    for (const document of checked) {
      if ("problems" in document) {
        appendAll(out.problems, document.problems);
        continue;
      }
      const { index, kind, value } = document;
      const loaded = { file: input.file, text: input.text, docIndex: index };
      switch (kind) {
        case "ServiceProfile":
          out.profiles.push({ ...loaded, value: value as ServiceProfile });
          break;
        case "Placement":
          out.placements.push({ ...loaded, value: value as Placement });
          break;
        case "Rule":
          rules.push({ ...loaded, value: value as Rule });
          break;
        case "RuleTest":
          out.ruleTests.push({ ...loaded, value: value as RuleTest });
          break;
        case "RuleTemplate":
          out.ruleTemplates.push({ ...loaded, value: value as RuleTemplate });
          break;
        case "Mitigation": {
          const compiled = compileMitigation({ ...loaded, value: value as Mitigation }, out.problems);
          if (compiled) out.mitigations.push(compiled);
          break;
        }
        case "MitigationTest":
          out.mitigationTests.push({ ...loaded, value: value as MitigationTest });
          break;
        case "Library":
          out.libraries.push({ ...loaded, value: value as Library });
          break;
        case "Policy":
          out.policies.push({ ...loaded, value: value as Policy });
          break;
      }
    }
  }
  const templates = new Map([...(options.templates ?? []), ...out.ruleTemplates].map((t) => [t.value.id, t]));
  for (const loaded of rules) {
    const compiled = compileRule(expandTemplate(loaded, templates, out.problems), out.problems);
    if (compiled) out.rules.push(compiled);
  }
  return out;
}

/** One document of a file, parsed and validated, with its kind; or the problems that kept it out. */
export type CheckedDocument = { index: number; kind: Kind; value: unknown } | { index: number; problems: Problem[] };

function checkOrThrow(input: InputFile, checker: DocumentChecker | undefined): CheckedDocument[] | { problem: Problem } {
  if (!checker) throw new UncheckedDocumentError(input.file);
  return checker.file(input);
}

/** The SHA-256 of a file's text, which names it in the catalog snapshot. */
export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Reports a file whose path does not mirror the document's id (`<dir>/<id>.yaml`). */
function checkPathMirrorsId(loaded: Loaded<unknown>, id: string, what: string, problems: Problem[]): void {
  const expectedSuffix = `${id}.yaml`;
  if (loaded.file.endsWith(expectedSuffix) || loaded.file.endsWith(`${id}.yml`)) return;
  const { line, column } = locatePath(loaded.text, loaded.docIndex, ["id"]);
  problems.push({
    file: loaded.file,
    line,
    column,
    severity: "error",
    code: `${what}-path-mismatch`,
    path: "id",
    message: `expected the file to be <${what}s dir>/${expectedSuffix} so its path mirrors the id, got ${loaded.file}`,
  });
}

/**
 * Fills a rule's `when` and `fails` from its template, inserting each parameter as a CEL literal
 * (strings quoted). An unknown template, a missing, extra or mistyped parameter is a problem at
 * its position, and the rule keeps no condition (so it is not compiled).
 */
function expandTemplate(loaded: Loaded<Rule>, templates: ReadonlyMap<string, Loaded<RuleTemplate>>, problems: Problem[]): Loaded<Rule> {
  const rule = loaded.value;
  if (rule.template === undefined) return loaded;
  const at = (path: (string | number)[], code: string, message: string) => {
    const { line, column } = locatePath(loaded.text, loaded.docIndex, path);
    problems.push({ file: loaded.file, line, column, severity: "error", code, path: path.join("."), message });
  };
  const template = templates.get(rule.template);
  if (!template) {
    at(
      ["template"],
      "unknown-template",
      `expected one of the rule templates (${[...templates.keys()].sort().join(", ") || "none loaded"}), got ${rule.template}`,
    );
    return { ...loaded, value: { ...rule, fails: undefined } };
  }
  const params = rule.params ?? {};
  const literals = new Map<string, string>();
  let ok = true;
  for (const declared of template.value.params) {
    const value = params[declared.name];
    if (value === undefined) {
      at(["params"], "missing-param", `expected parameter ${declared.name} (${declared.type}) of template ${rule.template}, got nothing`);
      ok = false;
    } else if (typeof value !== declared.type) {
      at(["params", declared.name], "invalid-param", `expected a ${declared.type} for ${declared.name}, got ${JSON.stringify(value)}`);
      ok = false;
    } else {
      literals.set(declared.name, typeof value === "string" ? JSON.stringify(value) : String(value));
    }
  }
  for (const name of Object.keys(params)) {
    if (!template.value.params.some((p) => p.name === name)) {
      at(
        ["params", name],
        "unknown-param",
        `expected only the parameters of template ${rule.template} (${template.value.params.map((p) => p.name).join(", ")}), got ${name}`,
      );
      ok = false;
    }
  }
  if (!ok) return { ...loaded, value: { ...rule, fails: undefined } };
  const fill = (body: string) => body.replace(/\{\{\s*params\.([A-Za-z0-9]+)\s*\}\}/g, (_, name: string) => literals.get(name) ?? "null");
  return { ...loaded, value: { ...rule, when: fill(template.value.when), fails: fill(template.value.fails) } };
}

/** Compiles a rule's `when` and `fails`, reporting a CEL error at the line and column it points to. */
function compileRule(loaded: Loaded<Rule>, problems: Problem[]): CompiledRule | undefined {
  const rule = loaded.value;
  checkPathMirrorsId(loaded, rule.id, "rule", problems);
  if (rule.fails === undefined) return undefined;
  // A templated rule's conditions come from the template file; point CEL errors at `template`.
  const located = (field: "when" | "fails") => (rule.template === undefined ? [field] : ["template"]);
  const compiled: Partial<Record<"when" | "fails", CompiledCondition>> = {};
  for (const field of ["when", "fails"] as const) {
    const result = compileCondition(rule[field] ?? "true");
    if (result.ok) {
      compiled[field] = result.condition;
      continue;
    }
    const { line, column } = locatePath(loaded.text, loaded.docIndex, located(field));
    problems.push({
      file: loaded.file,
      line,
      column: rule.template === undefined ? column + result.column - 1 : column,
      severity: "error",
      code: "cel-syntax",
      path: field,
      message: `expected a valid CEL condition, got: ${result.message}`,
    });
  }
  if (!compiled.when || !compiled.fails) return undefined;
  return { rule, file: loaded.file, when: compiled.when, fails: compiled.fails };
}

/** Compiles a mitigation's `applies` condition and each `sets` expression, reporting CEL errors at their position. */
function compileMitigation(loaded: Loaded<Mitigation>, problems: Problem[]): CompiledMitigation | undefined {
  const mitigation = loaded.value;
  checkPathMirrorsId(loaded, mitigation.id, "mitigation", problems);
  const at = (path: string[], message: string) => {
    const { line, column } = locatePath(loaded.text, loaded.docIndex, path);
    problems.push({ file: loaded.file, line, column, severity: "error", code: "cel-syntax", path: path.join("."), message });
  };
  let ok = true;
  const applies = compileCondition(mitigation.applies);
  if (!applies.ok) {
    at(["applies"], `expected a valid CEL condition, got: ${applies.message}`);
    ok = false;
  }
  const sets: CompiledMitigation["sets"] = [];
  for (const [path, source] of Object.entries(mitigation.sets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const compiled = compileExpression(source);
    if (!compiled.ok) {
      at(["sets", path], `expected a valid CEL expression, got: ${compiled.message}`);
      ok = false;
      continue;
    }
    sets.push({ path: path.split("."), expression: compiled.expression });
  }
  if (!ok || !applies.ok) return undefined;
  return { mitigation, file: loaded.file, text: loaded.text, docIndex: loaded.docIndex, applies: applies.condition, sets };
}
