import { escapeTerminal } from "../escape-terminal.js";

/** One thing wrong with an input, with where it is and what was expected. */
export interface Problem {
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  /** 1-based; 0 when the problem concerns the whole file. */
  column: number;
  severity: "error" | "warning";
  /** A stable kebab-case code, such as `invalid-type` or `cel-syntax`. */
  code: string;
  /** The dotted path inside the document, or empty. */
  path: string;
  message: string;
}

/**
 * Formats a problem as `file:line:col error code path: message`, the way compilers do, with the
 * file, path and message escaped for the terminal: they carry input.
 */
export function formatProblem(problem: Problem): string {
  const where = `${escapeTerminal(problem.file, 500)}:${problem.line}:${problem.column}`;
  const path = problem.path === "" ? "" : ` ${escapeTerminal(problem.path, 500)}`;
  return `${where} ${problem.severity} ${problem.code}${path}: ${escapeTerminal(problem.message)}`;
}

/** Sorts problems by file, then position, then code, so output is stable. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

/** True when any problem is an error (warnings alone do not stop a run). */
export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === "error");
}

/** Compares strings by code unit, independent of locale, for deterministic output. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
