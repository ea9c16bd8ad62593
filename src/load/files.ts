import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { compileGlobs } from "./glob.js";
import { compareText, type Problem } from "./problem.js";

/** Input files larger than this are refused rather than read. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Names never descended into when a directory is read. */
const SKIPPED_DIRECTORIES = new Set([".git", "node_modules", ".hg", ".svn"]);

/** A text file read from disk, with the name it is reported under. */
export interface InputFile {
  /** The path as the user would write it (relative to the working directory when inside it). */
  file: string;
  text: string;
}

/** What a directory walk leaves out: globs over paths relative to `cwd`, and absolute folders. */
export interface ListOptions {
  exclude?: readonly string[];
  skipDirectories?: readonly string[];
}

/**
 * Lists every regular file under the given paths, recursively and sorted. A symbolic link is
 * followed only when its target stays inside the path the user named; anything else is a problem.
 * Files and folders matching an `exclude` glob, and the `skipDirectories`, are left out.
 */
export function listFiles(paths: readonly string[], cwd: string, options: ListOptions = {}): { files: string[]; problems: Problem[] } {
  const files: string[] = [];
  const problems: Problem[] = [];
  const excluded = compileGlobs(options.exclude ?? []);
  const skipped = new Set((options.skipDirectories ?? []).map((d) => resolve(cwd, d)));
  const isLeftOut = (absolute: string) => skipped.has(absolute) || excluded(displayPath(absolute, cwd));
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(absolute);
    } catch {
      problems.push(
        fileProblem(displayPath(absolute, cwd), "not-found", "expected a file or directory that exists, got nothing at this path"),
      );
      continue;
    }
    if (stat.isFile()) {
      if (!isLeftOut(absolute)) files.push(absolute);
      continue;
    }
    const root = realpathSync(absolute);
    walk(absolute, root, files, problems, cwd, isLeftOut);
  }
  return { files: [...new Set(files)].sort(compareText), problems };
}

function walk(
  directory: string,
  root: string,
  files: string[],
  problems: Problem[],
  cwd: string,
  isLeftOut: (absolute: string) => boolean,
): void {
  const entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (isLeftOut(path)) continue;
    if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(path);
      } catch {
        problems.push(
          fileProblem(displayPath(path, cwd), "broken-link", "expected a symbolic link to an existing file, got a dangling link"),
        );
        continue;
      }
      if (target !== root && !target.startsWith(root + sep)) {
        problems.push(
          fileProblem(
            displayPath(path, cwd),
            "link-outside-input",
            "expected a link that stays inside the input directory, got one that leaves it; not read",
          ),
        );
        continue;
      }
      const stat = statSync(target);
      if (stat.isFile()) files.push(path);
      continue;
    }
    if (entry.isDirectory()) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      walk(path, root, files, problems, cwd, isLeftOut);
    } else if (entry.isFile()) {
      files.push(path);
    }
  }
}

/**
 * Reads a file as UTF-8 text, refusing files over the size limit, binary files and invalid UTF-8
 * with a problem instead of an exception.
 */
export function readInputFile(absolute: string, cwd: string): { ok: true; input: InputFile } | { ok: false; problem: Problem } {
  const file = displayPath(absolute, cwd);
  try {
    const size = lstatSync(absolute).isSymbolicLink() ? statSync(absolute).size : lstatSync(absolute).size;
    if (size > MAX_FILE_BYTES) {
      return { ok: false, problem: fileProblem(file, "file-too-large", `expected at most ${MAX_FILE_BYTES} bytes, got ${size}`) };
    }
    const bytes = readFileSync(absolute);
    if (bytes.includes(0)) {
      return { ok: false, problem: fileProblem(file, "binary-file", "expected a text file, got binary content (a NUL byte)") };
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, problem: fileProblem(file, "invalid-utf8", "expected UTF-8 text, got invalid byte sequences") };
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, input: { file, text } };
  } catch (error) {
    const reason = error instanceof Error && "code" in error ? String(error.code) : "unreadable";
    return { ok: false, problem: fileProblem(file, "unreadable", `expected a readable file, got ${reason}`) };
  }
}

/** A path relative to `cwd` with forward slashes when inside it; otherwise the absolute path. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  if (rel === "" || rel.startsWith("..") || resolve(cwd, rel) !== absolute) return absolute.split(sep).join("/");
  return rel.split(sep).join("/");
}

function fileProblem(file: string, code: string, message: string): Problem {
  return { file, line: 0, column: 0, severity: "error", code, path: "", message };
}
