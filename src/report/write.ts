import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { basename, join, resolve, sep } from "node:path";

/** Thrown by `writeFileAtomic` when the content comes to more bytes than it was allowed; nothing is left written. */
export class TooManyBytesError extends RangeError {
  constructor(readonly maxBytes: number) {
    super(`expected at most ${maxBytes} bytes to write, got more`);
    this.name = "TooManyBytesError";
  }
}

/**
 * Writes a file atomically: the content goes to a temporary file beside the target, which is then
 * renamed over it, so a run killed mid-write leaves the previous file whole. Content given in
 * pieces is written as it comes, a batch at a time, so it is never held as one string. Content of
 * more than `maxBytes` bytes (UTF-8) is not written: the temporary file is removed, the target left
 * as it was, and `TooManyBytesError` thrown.
 */
export function writeFileAtomic(path: string, content: string | Iterable<string>, maxBytes = Number.POSITIVE_INFINITY): void {
  const temporary = join(resolve(path, ".."), `.${basename(path)}.${process.pid}.tmp`);
  try {
    if (typeof content === "string") {
      if (Buffer.byteLength(content, "utf8") > maxBytes) throw new TooManyBytesError(maxBytes);
      writeFileSync(temporary, content, "utf8");
    } else writePieces(temporary, content, maxBytes);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Pieces are gathered into batches of about this many UTF-16 units before each write. */
const BATCH_UNITS = 1 << 20;

/** The size of the buffer pieces are encoded into before each write. */
const BUFFER_BYTES = 1 << 22;

/**
 * Writes pieces of text to a new file, counting the bytes written against `maxBytes`. Each piece is
 * encoded straight into one buffer, written whenever the next piece might not fit: no piece is
 * joined to another first.
 */
function writePieces(path: string, pieces: Iterable<string>, maxBytes: number): void {
  const fd = openSync(path, "w");
  const buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  let used = 0;
  let written = 0;
  const write = (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    written += bytes.length;
    if (written > maxBytes) throw new TooManyBytesError(maxBytes);
  };
  try {
    for (const piece of pieces) {
      // A UTF-16 unit takes at most 3 bytes in UTF-8.
      if (piece.length * 3 > BUFFER_BYTES - used) {
        if (used > 0) write(buffer.subarray(0, used));
        used = 0;
        if (piece.length * 3 > BUFFER_BYTES) {
          write(Buffer.from(piece, "utf8"));
          continue;
        }
      }
      used += buffer.write(piece, used, "utf8");
    }
    if (used > 0) write(buffer.subarray(0, used));
  } finally {
    closeSync(fd);
  }
}

/** Calls `write` with the pieces joined into batches of about `BATCH_UNITS` units, in order; nothing for no text. */
export function eachBatch(pieces: Iterable<string>, write: (batch: string) => void): void {
  let batch: string[] = [];
  let units = 0;
  for (const piece of pieces) {
    batch.push(piece);
    units += piece.length;
    if (units >= BATCH_UNITS) {
      write(batch.join(""));
      batch = [];
      units = 0;
    }
  }
  if (units > 0) write(batch.join(""));
}

/**
 * Resolves an output file name inside the output directory, refusing names that would leave it
 * (`../x`, absolute paths, path separators).
 */
export function outputPath(outDir: string, fileName: string): string {
  if (fileName === "" || fileName.includes("/") || fileName.includes("\\") || fileName.startsWith(".") || fileName.includes("\0")) {
    throw new RangeError(`expected a plain file name for the report, got ${JSON.stringify(fileName)}`);
  }
  const root = resolve(outDir);
  const path = resolve(root, fileName);
  if (!path.startsWith(root + sep)) throw new RangeError(`expected the report to stay inside ${outDir}, got ${fileName}`);
  mkdirSync(root, { recursive: true });
  return path;
}
