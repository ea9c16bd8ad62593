import { resolve } from "node:path";
import { readInputFile } from "../load/files.js";
import type { Problem } from "../load/problem.js";
import { type Assessment, KNOWN_SCHEMA_VERSIONS, SCHEMA_VERSION } from "../model/assessment.js";
import { assessmentFileSchema, decodeAssessmentFile, MAX_ASSESSMENT_BYTES } from "../model/assessment-file.js";

/** A saved assessment read back, or the problem that stopped it. */
export type AssessmentRead = { ok: true; assessment: Assessment } | { ok: false; problem: Problem };

// The bound is the writer's too: it leaves findings out rather than write a file read back here would refuse.
export { MAX_ASSESSMENT_BYTES };

/**
 * Reads an assessment JSON file (as `assess --format json` writes it), validates its shape and
 * resolves its workload ids (a dangling one is refused). Only
 * the current major schemaVersion is read: an older one was scored differently (scoring v1 had no
 * mitigations, blocking rules or mechanisms), so comparing it would report changes of method as
 * changes of the services; it is refused with the advice to re-run it.
 */
export function readAssessmentFile(path: string, cwd: string, maxBytes: number = MAX_ASSESSMENT_BYTES): AssessmentRead {
  const read = readInputFile(resolve(cwd, path), cwd, maxBytes);
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
  const version = schemaVersionProblem(raw);
  if (version) return { ok: false, problem: problemAt(file, version.code, version.message) };
  const parsed = assessmentFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues.slice(0, 10).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    const more = issues.length > 10 ? [`and ${issues.length - 10} more`] : [];
    return {
      ok: false,
      problem: problemAt(file, "invalid-assessment", `expected a blendcheck assessment JSON, got ${[...listed, ...more].join("; ")}`),
    };
  }
  const decoded = decodeAssessmentFile(parsed.data);
  if (!decoded.ok) return { ok: false, problem: problemAt(file, "invalid-assessment", `${decoded.path}: ${decoded.message}`) };
  return { ok: true, assessment: decoded.assessment };
}

/** The problem with the file's `schemaVersion` when it is not one this build reads (same major version). */
function schemaVersionProblem(raw: unknown): { code: string; message: string } | undefined {
  const major = SCHEMA_VERSION.split(".")[0];
  const version = raw !== null && typeof raw === "object" && "schemaVersion" in raw ? raw.schemaVersion : undefined;
  if (typeof version !== "string") {
    return {
      code: "invalid-assessment",
      message: `expected a blendcheck assessment JSON with a schemaVersion string, got ${version === undefined ? "null" : typeof version}`,
    };
  }
  const expected = `expected an assessment with schemaVersion ${major}.x (as this blendcheck writes)`;
  const match = /^(\d{1,6})\.\d{1,6}\.\d{1,6}$/.exec(version);
  if (!match) {
    return {
      code: "unsupported-schema-version",
      message: `${expected}, got a schemaVersion that is not a version (${JSON.stringify(version.slice(0, 20))})`,
    };
  }
  if (match[1] === major) return undefined;
  if ((KNOWN_SCHEMA_VERSIONS as readonly string[]).includes(version)) {
    return {
      code: "old-schema-version",
      message: `assessment schemaVersion ${version} cannot be compared with ${SCHEMA_VERSION}; re-run the baseline (blendcheck assess --format json)`,
    };
  }
  return {
    code: "unsupported-schema-version",
    message: `${expected}, got ${JSON.stringify(version)}; re-run assess with this version to compare`,
  };
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
