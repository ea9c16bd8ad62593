import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
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
  const temporary = temporaryPath(path);
  try {
    const file = new Utf8Writer(openSync(temporary, "w"), maxBytes);
    try {
      if (typeof content === "string") file.text(content);
      else eachBatch(content, (batch) => file.text(batch));
      file.end();
    } finally {
      file.close();
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** A temporary file beside `path`, named for it and this process; `tag` tells apart several for one path. */
export function temporaryPath(path: string, tag = ""): string {
  return join(resolve(path, ".."), `.${basename(path)}.${process.pid}${tag}.tmp`);
}

/** The size of the buffer text is encoded into before each write. */
const BUFFER_BYTES = 1 << 18;

const ENCODER = new TextEncoder();

/**
 * Writes text (and bytes) to a file as UTF-8 through one small buffer, counting the bytes against `maxBytes`.
 * Text is encoded with TextEncoder: Node 20's own UTF-8 writer (`Buffer.write`, `writeFileSync` of a
 * string) took about 9 ms per million characters of a string holding any character past Latin-1,
 * TextEncoder about 0.5. The buffer stays small, so the memory it touches is a few pages, not the
 * size of the file.
 */
export class Utf8Writer {
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private written = 0;
  /** A high surrogate that ended the last text: its pair may start the next. */
  private held = "";

  constructor(
    private readonly fd: number,
    private readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** The bytes given so far, written or still in the buffer. */
  get size(): number {
    return this.written + this.used;
  }

  /** Writes bytes as they are, after what came before; `text` must not have ended in half a surrogate pair. */
  bytes(bytes: Uint8Array): void {
    if (bytes.length < this.buffer.length - this.used) {
      // The common case, a piece that fits: copied without a view of it made.
      this.buffer.set(bytes, this.used);
      this.used += bytes.length;
      return;
    }
    for (let from = 0; from < bytes.length; ) {
      const count = Math.min(bytes.length - from, this.buffer.length - this.used);
      this.buffer.set(bytes.subarray(from, from + count), this.used);
      this.used += count;
      from += count;
      if (this.used === this.buffer.length) this.flush();
    }
  }

  /** Encodes the text after what came before; a pair of surrogates split between two texts is kept whole. */
  text(text: string): void {
    let rest = this.held === "" ? text : this.held + text;
    this.held = "";
    const last = rest.charCodeAt(rest.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.held = rest.slice(-1);
      rest = rest.slice(0, -1);
    }
    this.encode(rest);
  }

  /** Writes out everything given; a surrogate held for its pair is written alone (as U+FFFD). */
  end(): void {
    this.encode(this.held);
    this.held = "";
    this.flush();
  }

  private encode(text: string): void {
    let from = 0;
    while (from < text.length) {
      // Encodes what fits, never half a character; a full buffer is written out and the rest follows.
      const { read, written } = ENCODER.encodeInto(from === 0 ? text : text.slice(from), this.buffer.subarray(this.used));
      this.used += written;
      from += read;
      if (from < text.length) this.flush();
    }
  }

  private flush(): void {
    for (let at = 0; at < this.used; ) at += writeSync(this.fd, this.buffer, at, this.used - at);
    this.written += this.used;
    this.used = 0;
    if (this.written > this.maxBytes) throw new TooManyBytesError(this.maxBytes);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Reads a file from a position onward, in order, through one buffer: what is read is skipped or copied to a writer. */
export class ByteReader {
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private start = 0;
  private end = 0;

  constructor(
    private readonly fd: number,
    private position = 0,
  ) {}

  /** Passes over the next `count` bytes. */
  skip(count: number): void {
    const buffered = Math.min(count, this.end - this.start);
    this.start += buffered;
    this.position += count - buffered;
  }

  /** Copies the next `count` bytes to `writer`; a file that ends first is an error, not a short copy. */
  copyTo(writer: Utf8Writer, count: number): void {
    for (let left = count; left > 0; ) {
      if (this.start === this.end) this.fill();
      const take = Math.min(left, this.end - this.start);
      writer.bytes(this.buffer.subarray(this.start, this.start + take));
      this.start += take;
      left -= take;
    }
  }

  private fill(): void {
    const read = readSync(this.fd, this.buffer, 0, this.buffer.length, this.position);
    if (read === 0) throw new RangeError(`expected more bytes at ${this.position}, the file ended`);
    this.position += read;
    this.start = 0;
    this.end = read;
  }
}

/**
 * Pieces are gathered into batches of about this many UTF-16 units before each write. A batch stays
 * an ordinary young-generation string: V8 gives a string past 128 KiB pages of its own, whose first
 * touch costs page faults, and with batches of a million units joining them took as long as the rest
 * of writing the catalog job's JSON.
 */
export const BATCH_UNITS = 1 << 15;

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
