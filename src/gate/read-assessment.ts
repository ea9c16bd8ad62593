import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { readInputFile } from "../load/files.js";
import type { Problem } from "../load/problem.js";
import { type Assessment, assessmentSchema, KNOWN_SCHEMA_VERSIONS, SCHEMA_VERSION } from "../model/assessment.js";

/** A saved assessment read back, or the problem that stopped it. */
export type AssessmentRead = { ok: true; assessment: Assessment } | { ok: false; problem: Problem };

/**
 * Reads an assessment JSON file (as `assess --format json` writes it) and validates its shape. Only
 * the current schemaVersion is read: an older one was scored differently (scoring v1 had no
 * mitigations, blocking rules or mechanisms), so comparing it would report changes of method as
 * changes of the services; it is refused with the advice to re-run it. An unknown version is refused.
 */
export function readAssessmentFile(path: string, cwd: string): AssessmentRead {
  const read = readAssessmentText(resolve(cwd, path), cwd);
  if (!read.ok) return { ok: false, problem: read.problem };
  const file = read.file;
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (error) {
    return {
      ok: false,
      problem: problemAt(
        file,
        "invalid-json",
        `expected assessment JSON, got invalid JSON: ${error instanceof Error ? error.message : "unparsable text"}`,
      ),
    };
  }
  const version = schemaVersionProblem(raw);
  if (version) return { ok: false, problem: problemAt(file, version.code, version.message) };
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

/**
 * An assessment of the whole catalog under six placements passes the 8 MiB limit of input files,
 * which guards YAML parsing; JSON has no aliases to expand, so assessments may be larger.
 */
const MAX_ASSESSMENT_BYTES = 64 * 1024 * 1024;

function readAssessmentText(absolute: string, cwd: string): { ok: true; file: string; text: string } | { ok: false; problem: Problem } {
  const read = readInputFile(absolute, cwd);
  if (read.ok) return { ok: true, file: read.input.file, text: read.input.text };
  if (read.problem.code !== "file-too-large") return read;
  const file = read.problem.file;
  const size = statSync(absolute).size;
  if (size > MAX_ASSESSMENT_BYTES) {
    return {
      ok: false,
      problem: problemAt(file, "file-too-large", `expected an assessment of at most ${MAX_ASSESSMENT_BYTES} bytes, got ${size}`),
    };
  }
  try {
    return { ok: true, file, text: new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(absolute)) };
  } catch {
    return { ok: false, problem: problemAt(file, "invalid-utf8", "expected UTF-8 text, got invalid bytes") };
  }
}

function schemaVersionProblem(raw: unknown): { code: string; message: string } | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const version = (raw as { schemaVersion?: unknown }).schemaVersion;
  if (version === SCHEMA_VERSION) return undefined;
  if (typeof version !== "string") {
    return {
      code: "invalid-assessment",
      message: `expected a blendcheck assessment JSON with a schemaVersion string, got ${JSON.stringify(version ?? null)}`,
    };
  }
  if ((KNOWN_SCHEMA_VERSIONS as readonly string[]).includes(version)) {
    return {
      code: "old-schema-version",
      message: `assessment schemaVersion ${version} cannot be compared with ${SCHEMA_VERSION}; re-run the baseline (blendcheck assess --format json)`,
    };
  }
  return {
    code: "unknown-schema-version",
    message: `expected an assessment schemaVersion this blendcheck reads (${SCHEMA_VERSION}), got ${JSON.stringify(version)}; is it from a newer blendcheck?`,
  };
}

function problemAt(file: string, code: string, message: string): Problem {
  return { file, line: 1, column: 1, severity: "error", code, path: "", message };
}
