/**
 * JSON read from its UTF-8 bytes a piece at a time, for a file too large to be one string: a
 * top-level object's members and an array's items are found by their brackets and quotes, and each
 * piece is decoded and parsed on its own by `JSON.parse`, which checks it. Only the bytes between
 * pieces (brackets, commas, colons, keys and white space) are checked here.
 */

/** Where a JSON value lies in the bytes: from `start` up to, not including, `end`. */
export interface Span {
  start: number;
  end: number;
}

/** Why bytes are not JSON, and the byte offset where that shows. */
export class JsonBytesError extends Error {
  constructor(
    readonly code: "invalid-json" | "invalid-utf8",
    readonly offset: number,
  ) {
    super(code === "invalid-json" ? `invalid JSON at byte ${offset}` : `invalid UTF-8 at byte ${offset}`);
    this.name = "JsonBytesError";
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The longest text parsed in one piece: V8's longest string, in UTF-16 units, which no more UTF-8 bytes than this can exceed. */
const MAX_PIECE_BYTES = 536_870_888;

/**
 * What the bytes hold: the members of an object, by key, each with its value's span, in file
 * order (a later member of a key replaces the earlier one's value in its place, as in
 * `JSON.parse`'s object); any other value parsed whole, when it fits in one string. A UTF-8 byte
 * order mark before it is skipped. Anything but one value, with white space around it, is a
 * `JsonBytesError`.
 */
export function topLevel(bytes: Buffer): { members: Map<string, Span> } | { value: unknown } {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const start = skipSpace(bytes, bom);
  if (bytes[start] === OPEN_BRACE) return { members: objectMembers(bytes, start) };
  if (bytes.length - start > MAX_PIECE_BYTES) throw new JsonBytesError("invalid-json", start);
  return { value: parseSpan(bytes, { start, end: bytes.length }) };
}

function objectMembers(bytes: Buffer, open: number): Map<string, Span> {
  const members = new Map<string, Span>();
  let i = skipSpace(bytes, open + 1);
  if (bytes[i] === CLOSE_BRACE) return atEnd(bytes, i + 1, members);
  for (;;) {
    expect(bytes, i, QUOTE);
    const keyEnd = endOfString(bytes, i);
    const key = parseSpan(bytes, { start: i, end: keyEnd }) as string;
    i = skipSpace(bytes, keyEnd);
    expect(bytes, i, COLON);
    const start = skipSpace(bytes, i + 1);
    const end = endOfValue(bytes, start);
    members.set(key, { start, end });
    i = skipSpace(bytes, end);
    if (bytes[i] === CLOSE_BRACE) return atEnd(bytes, i + 1, members);
    expect(bytes, i, COMMA);
    i = skipSpace(bytes, i + 1);
  }
}

/** The spans of the items of the array at `span`, in order, each found as it is asked for. */
export function* arrayItems(bytes: Buffer, span: Span): Generator<Span> {
  expect(bytes, span.start, OPEN_BRACKET);
  const close = span.end - 1;
  expect(bytes, close, CLOSE_BRACKET);
  let i = skipSpace(bytes, span.start + 1);
  if (i === close) return;
  for (;;) {
    const end = endOfValue(bytes, i);
    yield { start: i, end };
    i = skipSpace(bytes, end);
    if (i === close) return;
    expect(bytes, i, COMMA);
    i = skipSpace(bytes, i + 1);
  }
}

/** Whether the value at `span` is an array: its first byte is `[`. */
export function isArraySpan(bytes: Buffer, span: Span): boolean {
  return bytes[span.start] === OPEN_BRACKET;
}

/** The value at `span`, decoded and parsed; a syntax error is reported at its byte offset in the file. */
export function parseSpan(bytes: Buffer, span: Span): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes.subarray(span.start, span.end));
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new JsonBytesError("invalid-utf8", span.start);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new JsonBytesError("invalid-json", span.start + Buffer.byteLength(text.slice(0, syntaxErrorAt(text, error)), "utf8"));
  }
}

/**
 * Where `JSON.parse` refused `text`, in UTF-16 units: the position its message gives, or, for the
 * messages that give none ("Unexpected token"), the length of the longest prefix that could still
 * begin a JSON value, found by halving: the first character no JSON text could go on with.
 */
export function syntaxErrorAt(text: string, error: unknown): number {
  const stated = statedPosition(error);
  if (stated !== undefined) return stated;
  if (couldBegin(text, text.length)) return text.length;
  let low = 0;
  let high = text.length;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (couldBegin(text, middle)) low = middle;
    else high = middle;
  }
  return low;
}

/** Whether the first `length` units of `text` parse, or fail only for want of what would follow them. */
function couldBegin(text: string, length: number): boolean {
  try {
    JSON.parse(text.slice(0, length));
    return true;
  } catch (error) {
    const stated = statedPosition(error);
    return stated === undefined ? /Unexpected end of JSON input/.test(String(error)) : stated >= length;
  }
}

function statedPosition(error: unknown): number | undefined {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
  return position === undefined ? undefined : Number(position);
}

/** The 1-based line and column (in UTF-16 units, as editors count) of a byte offset; lines end at a line feed. */
export function lineColumnAt(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: bytes.toString("utf8", start, offset).length + 1 };
}

function atEnd(bytes: Buffer, i: number, members: Map<string, Span>): Map<string, Span> {
  const end = skipSpace(bytes, i);
  if (end !== bytes.length) throw new JsonBytesError("invalid-json", end);
  return members;
}

function expect(bytes: Buffer, i: number, byte: number): void {
  if (bytes[i] !== byte) throw new JsonBytesError("invalid-json", Math.min(i, bytes.length));
}

function skipSpace(bytes: Buffer, from: number): number {
  let i = from;
  for (;;) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return i;
    i++;
  }
}

/** One past the closing quote of the string whose opening quote is at `start`. */
function endOfString(bytes: Buffer, start: number): number {
  let from = start + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote === -1) throw new JsonBytesError("invalid-json", bytes.length);
    let escapes = 0;
    while (bytes[quote - 1 - escapes] === BACKSLASH) escapes++;
    if (escapes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/**
 * One past the end of the value starting at `start`: a string's closing quote, the bracket that
 * closes an object or array (each bracket matched; the rest is left to `JSON.parse`), or the
 * byte before the next separator, bracket or white space for a number, `true`, `false` or `null`.
 */
function endOfValue(bytes: Buffer, start: number): number {
  const first = bytes[start];
  if (first === QUOTE) return endOfString(bytes, start);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    // The closing bracket each open one wants, innermost last.
    const wanted: number[] = [];
    for (let i = start; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === QUOTE) i = endOfString(bytes, i) - 1;
      else if (b === OPEN_BRACE) wanted.push(CLOSE_BRACE);
      else if (b === OPEN_BRACKET) wanted.push(CLOSE_BRACKET);
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (wanted.pop() !== b) throw new JsonBytesError("invalid-json", i);
        if (wanted.length === 0) return i + 1;
      }
    }
    throw new JsonBytesError("invalid-json", bytes.length);
  }
  let i = start;
  for (; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) break;
  }
  // An empty value is an empty piece, which JSON.parse refuses where it starts.
  return i;
}
