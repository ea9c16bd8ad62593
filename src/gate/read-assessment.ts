import { resolve } from "node:path";
import { readInputFile } from "../load/files.js";
import type { Problem } from "../load/problem.js";
import { type Assessment, assessmentSchema, SCHEMA_VERSION } from "../model/assessment.js";

/** A saved assessment read back, or the problem that stopped it. */
export type AssessmentRead = { ok: true; assessment: Assessment } | { ok: false; problem: Problem };

/**
 * The largest assessment JSON read back. Far above the input file limit: the built-in catalog alone
 * writes several megabytes, and every extra rule adds a finding per (service, placement).
 */
export const MAX_ASSESSMENT_BYTES = 256 * 1024 * 1024;

/** Reads an assessment JSON file (as `assess --format json` writes it) and validates its shape. */
export function readAssessmentFile(path: string, cwd: string): AssessmentRead {
  const read = readInputFile(resolve(cwd, path), cwd, MAX_ASSESSMENT_BYTES);
  if (!read.ok) return { ok: false, problem: read.problem };
  const file = read.input.file;
  let raw: unknown;
  try {
    raw = JSON.parse(read.input.text);
  } catch (error) {
    // V8's message quotes the text around the error, which may be a secret: report the position only.
    const offset = Number(/at position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1] ?? Number.NaN);
    const at = Number.isNaN(offset) ? { line: 1, column: 1 } : locateOffset(read.input.text, offset);
    return {
      ok: false,
      problem: { ...problemAt(file, "invalid-json", "expected assessment JSON, got invalid JSON (a syntax error here)"), ...at },
    };
  }
  const version = checkSchemaVersion(raw);
  if (version) return { ok: false, problem: problemAt(file, "unsupported-schema-version", version) };
  const parsed = assessmentSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues.slice(0, 10).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    const more = issues.length > 10 ? [`and ${issues.length - 10} more`] : [];
    return {
      ok: false,
      problem: problemAt(file, "invalid-assessment", `expected a blendcheck assessment JSON, got ${[...listed, ...more].join("; ")}`),
    };
  }
  return { ok: true, assessment: parsed.data };
}

/** A message when the file's `schemaVersion` is not one this build reads (same major version). */
function checkSchemaVersion(raw: unknown): string | undefined {
  const major = SCHEMA_VERSION.split(".")[0];
  const version = raw !== null && typeof raw === "object" && "schemaVersion" in raw ? raw.schemaVersion : undefined;
  const expected = `expected an assessment with schemaVersion ${major}.x (as this blendcheck writes)`;
  // A missing or mistyped version is left to the shape check, which lists it with the other issues.
  if (typeof version !== "string") return undefined;
  const match = /^(\d{1,6})\.\d{1,6}\.\d{1,6}$/.exec(version);
  if (!match) return `${expected}, got a schemaVersion that is not a version (${JSON.stringify(version.slice(0, 20))})`;
  if (match[1] !== major) return `${expected}, got ${version}; re-run assess with this version to compare`;
  return undefined;
}

/** The 1-based line and column of a character offset; lines end at a line feed. */
function locateOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

function problemAt(file: string, code: string, message: string): Problem {
  return { file, line: 1, column: 1, severity: "error", code, path: "", message };
}
