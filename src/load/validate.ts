import type { z } from "zod";
import type { Problem } from "./problem.js";
import { locatePath } from "./yaml.js";

/** Where a document came from, so its problems can point into the file. */
export interface DocumentSource {
  file: string;
  text: string;
  docIndex: number;
}

/** The validated value, or every problem zod found, each located in the file. */
export type Validated<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** Validates one parsed document against a schema and turns every issue into a located problem. */
export function validateDocument<S extends z.ZodType>(schema: S, value: unknown, source: DocumentSource): Validated<z.output<S>> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: issuesToProblems(result.error.issues, value, source) };
}

/** Converts zod issues into problems with `file:line:col`, the dotted path and "expected …, got …". */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], value: unknown, source: DocumentSource): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push(
          makeProblem(
            source,
            path,
            "unknown-key",
            `expected no key "${key}" here (known keys are listed in the JSON Schema), got one`,
            true,
          ),
        );
      }
      continue;
    }
    const actual = valueAt(value, issue.path);
    problems.push(makeProblem(source, issue.path, codeOf(issue), describeIssue(issue, actual), false));
  }
  return problems;
}

function makeProblem(source: DocumentSource, path: readonly PropertyKey[], code: string, message: string, preferKey: boolean): Problem {
  const { line, column } = locatePath(source.text, source.docIndex, path, { preferKey });
  return { file: source.file, line, column, severity: "error", code, path: formatPath(path), message };
}

/** Formats a path as `spec.operations.0.name`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join(".");
}

function codeOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return "invalid-type";
    case "invalid_value":
      return "invalid-value";
    case "invalid_format":
      return "invalid-format";
    case "too_small":
      return "too-small";
    case "too_big":
      return "too-big";
    case "invalid_union":
      return "invalid-value";
    default:
      return issue.code.replaceAll("_", "-");
  }
}

function describeIssue(issue: z.core.$ZodIssue, actual: unknown): string {
  const got = describeValue(actual);
  switch (issue.code) {
    case "invalid_type":
      if (actual === undefined) return `expected ${issue.expected}, got nothing (the key is required)`;
      return `expected ${issue.expected}, got ${got}`;
    case "invalid_value":
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(" | ")}, got ${got}`;
    case "too_small":
      return `expected ${issue.origin === "array" ? "at least" : "at least"} ${String(issue.minimum)}${issue.origin === "array" ? " item(s)" : issue.origin === "string" ? " character(s)" : ""}, got ${got}`;
    case "too_big":
      return `expected at most ${String(issue.maximum)}, got ${got}`;
    case "invalid_format":
      return `${issue.message.startsWith("expected") ? issue.message : `expected ${issue.format}`}, got ${got}`;
    case "invalid_union":
      return `expected one of the allowed forms, got ${got}`;
    default:
      return issue.message.startsWith("expected") ? `${issue.message}, got ${got}` : `expected ${issue.message}, got ${got}`;
  }
}

/** Describes a value briefly for "got …": its type, and short scalars verbatim. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return value.length > 40 ? `string "${value.slice(0, 37)}..."` : `string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    const key = typeof segment === "number" ? segment : String(segment);
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
