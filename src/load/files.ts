import { closeSync, constants, type Dirent, fstatSync, openSync, readdirSync, readSync, realpathSync, type Stats, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
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
  // A file above the working directory is named `../x`, which `**` does not cross: its absolute path is matched too.
  const isLeftOut = (absolute: string) => {
    if (skipped.has(absolute)) return true;
    const shown = displayPath(absolute, cwd);
    return excluded(shown) || (shown.startsWith("../") && excluded(absolute.split(sep).join("/")));
  };
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stat: Stats;
    try {
      stat = statSync(absolute);
    } catch (error) {
      problems.push(missingProblem(displayPath(absolute, cwd), error));
      continue;
    }
    if (stat.isFile()) {
      if (!isLeftOut(absolute)) files.push(absolute);
      continue;
    }
    if (!stat.isDirectory()) {
      problems.push(notRegularProblem(displayPath(absolute, cwd), stat));
      continue;
    }
    const root = realpathSync(absolute);
    walk(absolute, root, files, problems, cwd, isLeftOut);
  }
  return { files: [...new Set(files)].sort(compareText), problems };
}

/** Walks a directory tree with an explicit stack, so a deep tree cannot exhaust the call stack. */
function walk(
  start: string,
  root: string,
  files: string[],
  problems: Problem[],
  cwd: string,
  isLeftOut: (absolute: string) => boolean,
): void {
  const pending = [start];
  while (pending.length > 0) {
    const directory = pending.pop() as string;
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name));
    } catch (error) {
      problems.push(fileProblem(displayPath(directory, cwd), "unreadable", `expected a readable directory, got ${errorCode(error)}`));
      continue;
    }
    const subdirectories: string[] = [];
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
        if (!SKIPPED_DIRECTORIES.has(entry.name)) subdirectories.push(path);
      } else if (entry.isFile()) {
        files.push(path);
      }
    }
    // Reversed, so the stack visits subdirectories in name order.
    for (let i = subdirectories.length - 1; i >= 0; i--) pending.push(subdirectories[i] as string);
  }
}

/**
 * Reads a file as text (UTF-8, or UTF-16 with a byte order mark), refusing anything but a regular
 * file, files over the size limit, binary files and invalid UTF-8 with a problem instead of an
 * exception. Lone carriage returns become line feeds so locations count lines as editors do.
 */
export function readInputFile(
  absolute: string,
  cwd: string,
  maxBytes: number = MAX_FILE_BYTES,
): { ok: true; input: InputFile } | { ok: false; problem: Problem } {
  const read = readInputBytes(absolute, cwd, maxBytes);
  return read.ok ? decodeInput(read.file, read.bytes) : read;
}

/** A file's bytes as `readInputFile` decodes them, or the problem that stops them. */
export function decodeInput(file: string, bytes: Uint8Array): { ok: true; input: InputFile } | { ok: false; problem: Problem } {
  const decoded = decodeText(file, bytes);
  if (!decoded.ok) return { ok: false, problem: fileProblem(file, decoded.code, decoded.message) };
  // Most files hold no carriage return at all: looking for one is cheaper than the replacement's scan.
  const text = decoded.text.includes("\r") ? decoded.text.replace(/\r(?!\n)/g, "\n") : decoded.text;
  return { ok: true, input: { file, text } };
}

/**
 * Reads a file's bytes, refusing anything but a regular file and files over the size limit with a
 * problem instead of an exception. Bytes of a file up to `MAX_FILE_BYTES` are valid only until the
 * next file is read (they share one buffer); a larger file's are its own.
 */
export function readInputBytes(
  absolute: string,
  cwd: string,
  maxBytes: number = MAX_FILE_BYTES,
): { ok: true; file: string; bytes: Uint8Array } | { ok: false; problem: Problem } {
  const file = displayPath(absolute, cwd);
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO returns at once; the type is checked on the open descriptor.
    fd = openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, problem: openProblem(file, error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: notRegularProblem(file, stat) };
    if (stat.size > maxBytes) {
      return { ok: false, problem: fileProblem(file, "file-too-large", `expected at most ${maxBytes} bytes, got ${stat.size}`) };
    }
    const bytes = readAll(fd, stat.size, maxBytes);
    if (bytes === undefined) {
      return { ok: false, problem: fileProblem(file, "file-too-large", `expected at most ${maxBytes} bytes, got more`) };
    }
    return { ok: true, file, bytes };
  } catch (error) {
    return { ok: false, problem: openProblem(file, error) };
  } finally {
    closeSync(fd);
  }
}

/**
 * The buffer input files are read into, one at a time, grown to the largest file read so far: a
 * buffer per file costs its allocation and zeroing again for each of thousands of files. Its bytes
 * are decoded before the next file is read.
 */
let readBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads up to `maxBytes` from the descriptor into the shared read buffer; undefined when the file
 * holds more (it grew). The bytes are valid until the next read. A file larger than an input file
 * may be (a saved assessment can be hundreds of megabytes) gets a buffer of its own, let go with its
 * bytes, so the shared one never holds on to that much for the rest of the run.
 */
function readAll(fd: number, size: number, maxBytes: number): Buffer | undefined {
  const wanted = Math.min(size, maxBytes) + 1;
  if (wanted > MAX_FILE_BYTES + 1) return readInto(fd, Buffer.allocUnsafe(wanted));
  if (readBuffer.length < wanted) readBuffer = Buffer.allocUnsafe(wanted);
  return readInto(fd, readBuffer.subarray(0, wanted));
}

/** Fills `buffer` from the descriptor: the bytes read, or undefined when the file holds more than fits. */
function readInto(fd: number, buffer: Buffer): Buffer | undefined {
  let length = 0;
  for (;;) {
    if (length === buffer.length) return undefined;
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
  }
}

type Decoded = { ok: true; text: string } | { ok: false; code: string; message: string };

/** The UTF-16 encoding the bytes' byte order mark names, if they start with one. */
export function utf16Of(bytes: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  return bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : undefined;
}

/** The problem with bytes that hold a NUL byte, which no text file does; undefined for any other. */
export function binaryProblem(file: string, bytes: Uint8Array): Problem | undefined {
  return bytes.includes(0) ? fileProblem(file, "binary-file", "expected a text file, got binary content (a NUL byte)") : undefined;
}

function decodeText(file: string, bytes: Uint8Array): Decoded {
  const utf16 = utf16Of(bytes);
  if (utf16) {
    try {
      return { ok: true, text: new TextDecoder(utf16, { fatal: true, ignoreBOM: false }).decode(bytes) };
    } catch {
      return {
        ok: false,
        code: "invalid-utf16",
        message: `expected ${utf16.toUpperCase()} text after its byte order mark, got invalid sequences`,
      };
    }
  }
  const binary = binaryProblem(file, bytes);
  if (binary) return { ok: false, code: binary.code, message: binary.message };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, code: "invalid-utf8", message: "expected UTF-8 text, got invalid byte sequences" };
  }
}

function missingProblem(file: string, error: unknown): Problem {
  const code = errorCode(error);
  if (code === "ELOOP") return fileProblem(file, "link-loop", "expected a path that resolves, got a loop of symbolic links");
  if (code === "ENOENT" || code === "ENOTDIR") {
    return fileProblem(file, "not-found", "expected a file or directory that exists, got nothing at this path");
  }
  return fileProblem(file, "unreadable", `expected a readable file or directory, got ${code}`);
}

function openProblem(file: string, error: unknown): Problem {
  const code = errorCode(error);
  if (code === "ENOENT" || code === "ENOTDIR" || code === "ELOOP") return missingProblem(file, error);
  if (code === "EISDIR") return fileProblem(file, "not-a-regular-file", "expected a regular file, got a directory");
  return fileProblem(file, "unreadable", `expected a readable file, got ${code}`);
}

function notRegularProblem(file: string, stat: Stats): Problem {
  const kind = stat.isDirectory()
    ? "a directory"
    : stat.isFIFO()
      ? "a named pipe"
      : stat.isCharacterDevice()
        ? "a character device"
        : stat.isBlockDevice()
          ? "a block device"
          : stat.isSocket()
            ? "a socket"
            : "something else";
  return fileProblem(file, "not-a-regular-file", `expected a regular file, got ${kind}`);
}

function errorCode(error: unknown): string {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "unreadable";
}

/**
 * A path as the user names it from `cwd`, with forward slashes: relative, also above `cwd`
 * (`../shared/x.yaml`), unless reaching it climbs to the filesystem root (`/dev/null` seen from
 * `/tmp` is not `../dev/null`; `/tmp/x` from `/home/me` stays absolute), since such a path says
 * no more than the absolute one and changes with the depth of the working directory.
 */
export function displayPath(absolute: string, cwd: string): string {
  // Each file is named three or four times over as it is listed, checked and read.
  if (cwd !== displayedFrom) {
    displayed.clear();
    displayedFrom = cwd;
  }
  let shown = displayed.get(absolute);
  if (shown === undefined) {
    shown = displayPathFrom(absolute, cwd);
    if (displayed.size >= DISPLAYED_PATHS) displayed.clear();
    displayed.set(absolute, shown);
  }
  return shown;
}

/** The display paths found last, for the working directory `displayedFrom`. */
const displayed = new Map<string, string>();
let displayedFrom = "";
const DISPLAYED_PATHS = 16_384;

function displayPathFrom(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  const up = rel.split(sep).filter((s) => s === "..").length;
  const depth = resolve(cwd)
    .split(sep)
    .filter((s) => s !== "").length;
  if (rel === "" || isAbsolute(rel) || (up > 0 && up >= depth) || resolve(cwd, rel) !== absolute) return absolute.split(sep).join("/");
  return rel.split(sep).join("/");
}

function fileProblem(file: string, code: string, message: string): Problem {
  return { file, line: 0, column: 0, severity: "error", code, path: "", message };
}
