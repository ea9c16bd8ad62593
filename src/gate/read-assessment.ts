import { resolve } from "node:path";
import { readInputFile } from "../load/files.js";
import type { Problem } from "../load/problem.js";
import { type Assessment, assessmentSchema } from "../model/assessment.js";

/** A saved assessment read back, or the problem that stopped it. */
export type AssessmentRead = { ok: true; assessment: Assessment } | { ok: false; problem: Problem };

/** Reads an assessment JSON file (as `assess --format json` writes it) and validates its shape. */
export function readAssessmentFile(path: string, cwd: string): AssessmentRead {
  const read = readInputFile(resolve(cwd, path), cwd);
  if (!read.ok) return { ok: false, problem: read.problem };
  const file = read.input.file;
  let raw: unknown;
  try {
    raw = JSON.parse(read.input.text);
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

function problemAt(file: string, code: string, message: string): Problem {
  return { file, line: 1, column: 1, severity: "error", code, path: "", message };
}
