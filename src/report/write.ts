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

/** Writes pieces of text to a new file, in batches, counting the bytes written against `maxBytes`. */
function writePieces(path: string, pieces: Iterable<string>, maxBytes: number): void {
  const fd = openSync(path, "w");
  let written = 0;
  try {
    eachBatch(pieces, (batch) => {
      written += writeSync(fd, batch, null, "utf8");
      if (written > maxBytes) throw new TooManyBytesError(maxBytes);
    });
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
