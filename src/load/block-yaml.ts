/**
 * A reader of YAML files written in the plain block style that `helm template`, kustomize and
 * kubectl write: block mappings and sequences, one-line plain and quoted scalars (a scalar may sit
 * on the line after its key), literal and folded block scalars, one-line flow collections of
 * scalars, comments and document markers. It builds the values js-yaml builds, resolving plain
 * scalars with the same schema, by reading lines instead of producing an event per node. Anything
 * else (anchors, aliases, tags, nested or multi-line flow collections, multi-line plain or quoted
 * scalars, escapes, kept or indented block scalars, directives, tabs, carriage returns, duplicate
 * keys, merge keys, deep nesting, and every error) gives undefined, and js-yaml reads the file
 * instead. The tests hold it to js-yaml's values.
 */
import type { Schema } from "js-yaml";

/** The documents of a file (empty ones as null, as js-yaml gives them), where each one's first node starts (-1 for none), and how many nodes they hold. */
export interface BlockYaml {
  documents: unknown[];
  starts: number[];
  nodes: number;
}

/** Bounds the reader answers within; past them it gives the file to js-yaml, which reports them. */
export interface BlockYamlLimits {
  maxDepth: number;
  maxNodes: number;
}

/** Characters js-yaml refuses in a stream (YAML 1.2, 5.1), and lone surrogates. */
const NOT_PRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters being looked for.
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Characters a plain scalar cannot start with in block context (YAML 1.2, 7.3.3), `-?:` aside. */
const INDICATORS = new Set(["-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`"]);

/** The reader gave up: js-yaml reads the file. */
class NotBlock extends Error {}
const NOT_BLOCK = new NotBlock();

function giveUp(): never {
  throw NOT_BLOCK;
}

/** An open mapping or sequence: the column of its keys or dashes, and its value. */
type Container = { kind: "map"; indent: number; value: Record<string, unknown> } | { kind: "seq"; indent: number; value: unknown[] };

/** A key or dash whose value is not on its line: a nested block, a sequence at the key's column, or nothing (null). */
interface Pending {
  container: Container;
  /** The key, or the item's index. */
  slot: string | number;
  /** The column of the key or dash. */
  indent: number;
  ofKey: boolean;
}

type ResolveImplicit = (source: string) => { value: unknown };

/**
 * The documents of `text` as js-yaml's `loadAll` gives them with `schema`, or undefined when the
 * text is not plain block YAML this reader is sure of.
 */
export function readBlockYaml(text: string, schema: Schema, limits: BlockYamlLimits): BlockYaml | undefined {
  if (text.includes("\t") || text.includes("\r") || NOT_PRINTABLE.test(text)) return undefined;
  try {
    return new BlockReader(text, schema, limits).read();
  } catch (error) {
    if (error instanceof NotBlock) return undefined;
    throw error;
  }
}

class BlockReader {
  private readonly resolveImplicit: ResolveImplicit;
  private readonly documents: unknown[] = [];
  private readonly starts: number[] = [];
  private nodes = 0;
  private stack: Container[] = [];
  private pending: Pending | undefined;
  /** A document is open: it was started by `---`, or it has content. */
  private open = false;
  private root: unknown = null;
  private start = -1;
  /** After `...`, only `---` or the end may follow. */
  private ended = false;
  private position = 0;

  constructor(
    private readonly text: string,
    schema: Schema,
    private readonly limits: BlockYamlLimits,
  ) {
    const resolver = (schema as unknown as { resolveImplicitScalarTag?: ResolveImplicit }).resolveImplicitScalarTag;
    if (typeof resolver !== "function") giveUp();
    this.resolveImplicit = resolver.bind(schema);
  }

  read(): BlockYaml {
    const { text } = this;
    while (this.position < text.length) {
      const lineStart = this.position;
      let lineEnd = text.indexOf("\n", lineStart);
      if (lineEnd === -1) lineEnd = text.length;
      this.position = lineEnd + 1;
      let indent = 0;
      while (text.charCodeAt(lineStart + indent) === 32) indent++;
      const at = lineStart + indent;
      if (at >= lineEnd || text.charCodeAt(at) === 35 /* # */) continue;
      const content = text.slice(at, lineEnd).trimEnd();
      if (indent === 0 && (content.startsWith("---") || content.startsWith("...") || content.startsWith("%"))) {
        this.marker(content);
        continue;
      }
      if (this.ended) giveUp();
      this.line(indent, at, content);
    }
    this.closeDocument();
    return { documents: this.documents, starts: this.starts, nodes: this.nodes };
  }

  /** A document marker line: `---` starts a document, `...` ends one; anything else on it is left to js-yaml. */
  private marker(content: string): void {
    const rest = content.slice(3).trimStart();
    if (content.startsWith("%") || (rest !== "" && !rest.startsWith("#")) || (content.length > 3 && content[3] !== " ")) giveUp();
    this.closeDocument();
    if (content.startsWith("---")) {
      this.open = true;
      this.ended = false;
    } else this.ended = true;
  }

  private closeDocument(): void {
    if (this.pending) this.fill(this.pending, null);
    this.pending = undefined;
    if (this.open) {
      this.documents.push(this.root);
      this.starts.push(this.start);
    }
    this.open = false;
    this.root = null;
    this.start = -1;
    this.stack = [];
  }

  private line(indent: number, at: number, content: string): void {
    const dash = content === "-" || content.startsWith("- ");
    const { pending } = this;
    /** The line's key, when it was read to tell what the line opens. */
    let key: Key | undefined;
    if (pending) {
      this.pending = undefined;
      if (dash && (indent > pending.indent || (pending.ofKey && indent === pending.indent))) {
        this.fill(pending, this.push({ kind: "seq", indent, value: [] }));
      } else if (!dash && indent > pending.indent) {
        key = readKey(content);
        if (key === undefined) {
          // A scalar on the line after its key. A line continuing it would be deeper than every open
          // block, which is refused below; a block scalar's indicator here is left to js-yaml.
          if (content[0] === "|" || content[0] === ">") giveUp();
          this.fill(pending, this.value(content, pending.indent));
          return;
        }
        this.fill(pending, this.push({ kind: "map", indent, value: {} }));
      } else this.fill(pending, null);
    }
    if (this.stack.length === 0) {
      if (this.root !== null || indent !== 0) giveUp();
      this.open = true;
      this.start = at;
      this.root = this.push(dash ? { kind: "seq", indent, value: [] } : { kind: "map", indent, value: {} });
    }
    // Close the blocks this line is not inside of.
    let top = this.stack[this.stack.length - 1] as Container;
    while (top.indent > indent || (top.kind === "seq" && top.indent === indent && !dash)) {
      this.stack.pop();
      top = this.stack[this.stack.length - 1] ?? giveUp();
    }
    if (top.indent !== indent || (top.kind === "seq") !== dash) giveUp();
    if (top.kind === "map") {
      this.entry(top, indent, content, key);
      return;
    }
    // An item: `-` then nothing, a mapping that starts on its line, or a value.
    const item = top.value.length;
    top.value.push(null);
    const start = afterBlanks(content, 1);
    const value = content.slice(start);
    const column = indent + start;
    if (value === "" || value.startsWith("#")) {
      this.pending = { container: top, slot: item, indent, ofKey: false };
      return;
    }
    const entry = readKey(value);
    if (entry !== undefined) {
      const nested = this.push({ kind: "map", indent: column, value: {} });
      top.value[item] = nested;
      this.entry(this.stack[this.stack.length - 1] as Container & { kind: "map" }, column, value, entry);
      return;
    }
    top.value[item] = this.value(value, indent);
  }

  /** A `key: value` line of a mapping whose keys sit at `column`; `read` is its key, when it was read before. */
  private entry(map: Container & { kind: "map" }, column: number, content: string, read?: Key): void {
    const key = read ?? readKey(content) ?? giveUp();
    const name = key.quoted ? key.text : this.keyOf(key.text);
    // js-yaml refuses a duplicate key; `__proto__` needs its handling.
    if (Object.hasOwn(map.value, name) || name === "__proto__") giveUp();
    const value = content.slice(afterBlanks(content, key.length));
    if (value === "" || value.startsWith("#")) {
      map.value[name] = null;
      this.pending = { container: map, slot: name, indent: column, ofKey: true };
      return;
    }
    map.value[name] = this.value(value, column);
  }

  /** A plain key as js-yaml names it: the string of the scalar the schema resolves it to. */
  private keyOf(text: string): string {
    // A merge key needs js-yaml's handling.
    if (text === "<<") giveUp();
    if (isPlainWord(text)) return text;
    const { value } = this.resolveImplicit(text);
    if (value !== null && typeof value === "object") giveUp();
    return String(value);
  }

  /** A value that starts on its key's or dash's line, `parentIndent` being the column of that key or dash. */
  private value(text: string, parentIndent: number): unknown {
    this.count();
    const first = text[0] as string;
    if (first === '"' || first === "'") return quoted(text);
    if (first === "[" || first === "{") return this.flowCollection(text);
    if (first === "|" || first === ">") {
      if (!/^[|>]-?(?:\s+#.*)?$/.test(text)) giveUp();
      return this.blockScalar(parentIndent, first === ">", text[1] === "-");
    }
    // `-`, `?` and `:` may start a plain scalar when something other than a space follows (`-1`, `?q`).
    if (INDICATORS.has(first) && !("-?:".includes(first) && text.length > 1 && text[1] !== " ")) giveUp();
    const comment = text.indexOf(" #");
    const plain = comment === -1 ? text : text.slice(0, comment).trimEnd();
    if (plain.endsWith(":") || plain.includes(": ")) giveUp();
    return this.plain(plain);
  }

  /** A plain scalar as the schema resolves it. */
  private plain(text: string): unknown {
    if (isPlainWord(text)) return text;
    return this.resolveImplicit(text).value;
  }

  /**
   * A flow sequence or mapping on one line whose items or values are plain or quoted scalars, such
   * as `[a, "b c"]` or `{ port: 80, name: http }`. Anything nested in it, an empty item, a comma
   * before the closing bracket, or a colon where js-yaml could read a key, is left to js-yaml.
   */
  private flowCollection(text: string): unknown {
    const mapping = text[0] === "{";
    const close = mapping ? "}" : "]";
    const items: unknown[] = [];
    const pairs: Record<string, unknown> = {};
    let at = 1;
    const skipSpaces = () => {
      while (text[at] === " ") at++;
    };
    /** A scalar at `at`, ending before a comma, the closing bracket, or (for a key) a colon and a space. */
    const scalar = (key: boolean): { text: string; quoted: boolean } => {
      const first = text[at];
      if (first === '"' || first === "'") {
        const end = closingQuote(text, at);
        const value = quotedValue(text.slice(at, end + 1));
        at = end + 1;
        return { text: value, quoted: true };
      }
      let end = at;
      while (end < text.length && !",[]{}#".includes(text[end] as string) && !(key && text[end] === ":")) end++;
      const plain = text.slice(at, end).trimEnd();
      if (plain === "" || INDICATORS.has(plain[0] as string) || /:(?: |$)/.test(plain) || (!mapping && plain.includes(":"))) giveUp();
      at = end;
      return { text: plain, quoted: false };
    };
    skipSpaces();
    if (text[at] === close) at++;
    else
      for (;;) {
        skipSpaces();
        if (mapping) {
          const key = scalar(true);
          if (text[at] !== ":" || text[at + 1] !== " ") giveUp();
          at += 2;
          skipSpaces();
          const name = key.quoted ? key.text : this.keyOf(key.text);
          if (Object.hasOwn(pairs, name) || name === "__proto__") giveUp();
          const value = scalar(false);
          pairs[name] = value.quoted ? value.text : this.plain(value.text);
        } else {
          const item = scalar(false);
          items.push(item.quoted ? item.text : this.plain(item.text));
        }
        this.count();
        skipSpaces();
        if (text[at] === ",") {
          at++;
          skipSpaces();
          if (text[at] === close) giveUp();
          continue;
        }
        if (text[at] !== close) giveUp();
        at++;
        break;
      }
    const rest = text.slice(at);
    if (rest !== "" && !/^\s+(?:#.*)?$/.test(rest)) giveUp();
    return mapping ? pairs : items;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar, clipped or stripped (`-`), whose lines follow, more
   * indented than `parentIndent`. Folded lines indented more than the first are left to js-yaml.
   */
  private blockScalar(parentIndent: number, folded: boolean, strip: boolean): string {
    const { text } = this;
    let contentIndent = -1;
    let leadingSpaces = 0;
    let value = "";
    /** Line breaks of empty lines not yet known to be inside the scalar rather than trailing it. */
    let breaks = "";
    let hasContent = false;
    while (this.position < text.length) {
      const lineStart = this.position;
      let lineEnd = text.indexOf("\n", lineStart);
      if (lineEnd === -1) lineEnd = text.length;
      let spaces = 0;
      while (text.charCodeAt(lineStart + spaces) === 32) spaces++;
      const empty = lineStart + spaces >= lineEnd;
      if (empty && (contentIndent === -1 || spaces <= contentIndent)) {
        if (contentIndent === -1) leadingSpaces = Math.max(leadingSpaces, spaces);
        breaks += "\n";
        this.position = lineEnd + 1;
        continue;
      }
      if (contentIndent === -1) {
        if (spaces <= parentIndent) break;
        contentIndent = spaces;
        // js-yaml refuses a leading blank line with more spaces than the first line of text.
        if (leadingSpaces > contentIndent) giveUp();
      }
      if (spaces < contentIndent) break;
      if (folded) {
        if (spaces > contentIndent) giveUp();
        // Folding: one line break between lines of text becomes a space; blank lines keep theirs.
        value += (hasContent ? (breaks === "\n" ? " " : breaks.slice(1)) : breaks) + text.slice(lineStart + contentIndent, lineEnd);
      } else value += breaks + text.slice(lineStart + contentIndent, lineEnd);
      breaks = "\n";
      hasContent = true;
      this.position = lineEnd + 1;
    }
    if (!hasContent) {
      // Only blank lines: js-yaml's handling of them is left to it.
      if (breaks !== "") giveUp();
      return "";
    }
    return strip ? value : `${value}\n`;
  }

  private push(container: Container): Container["value"] {
    if (this.stack.length >= this.limits.maxDepth - 2) giveUp();
    this.count();
    this.stack.push(container);
    return container.value;
  }

  private fill(pending: Pending, value: unknown): void {
    if (value === null) this.count();
    const { container, slot } = pending;
    if (container.kind === "map") container.value[slot as string] = value;
    else container.value[slot as number] = value;
  }

  private count(): void {
    if (++this.nodes > this.limits.maxNodes) giveUp();
  }
}

/**
 * A word every schema reads as itself: a letter first, then letters, digits and `-_./`, and not one
 * of the words the schemas give a meaning (booleans and nulls in YAML 1.1 and 1.2).
 */
function isPlainWord(text: string): boolean {
  const first = text.charCodeAt(0) | 32;
  if (first < 97 || first > 122) return false;
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const letter = (c | 32) >= 97 && (c | 32) <= 122;
    // `-`, `.`, `/` and digits (45 to 57), and `_`.
    if (!letter && !(c >= 45 && c <= 57) && c !== 95) return false;
  }
  return text.length > 5 || !SPECIAL_WORDS.some((word) => sameLetters(text, word));
}

/** Words the schema may resolve to something other than a string, in any case. */
const SPECIAL_WORDS = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

/** True when `text` is `word` (lower-case letters) in any case; `text` holds letters, digits, `-./_` only. */
function sameLetters(text: string, word: string): boolean {
  if (text.length !== word.length) return false;
  // Only an upper-case letter becomes another letter with bit 5 set: digits and `-./_` become no letter.
  for (let i = 0; i < word.length; i++) if ((text.charCodeAt(i) | 32) !== word.charCodeAt(i)) return false;
  return true;
}

/** A key at the start of a line's content: its text, whether it was quoted, and the length up to and including the colon. */
interface Key {
  text: string;
  quoted: boolean;
  length: number;
}

/** The key at the start of a line's content, if it starts with one. */
export function readKey(content: string): Key | undefined {
  const quote = content[0];
  if (quote === '"' || quote === "'") {
    const close = content.indexOf(quote, 1);
    if (close === -1) return undefined;
    const text = content.slice(1, close);
    if (text.includes("\\") || text.includes("'") || text.includes('"')) return undefined;
    const after = content.slice(close + 1);
    const spaces = after.length - after.trimStart().length;
    if (after[spaces] !== ":" || !(after.length === spaces + 1 || after[spaces + 1] === " ")) return undefined;
    return { text, quoted: true, length: close + 1 + spaces + 1 };
  }
  if (quote === undefined || INDICATORS.has(quote)) return undefined;
  let colon = content.indexOf(":");
  while (colon !== -1 && colon + 1 < content.length && content.charCodeAt(colon + 1) !== 32) colon = content.indexOf(":", colon + 1);
  if (colon <= 0) return undefined;
  const text = content.slice(0, colon).trimEnd();
  if (text.includes(" #")) return undefined;
  return { text, quoted: false, length: colon + 1 };
}

/**
 * The index of the first character at or after `from` that `trimStart` keeps: the line's content
 * from there is one slice, not a slice and then its trimmed copy.
 */
export function afterBlanks(text: string, from: number): number {
  let at = from;
  while (at < text.length && isBlank(text.charCodeAt(at))) at++;
  return at;
}

/** White space or a line terminator, as `trimStart` and `\s` count them. */
function isBlank(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && BLANK.test(String.fromCharCode(code)));
}

const BLANK = /\s/;

/** A quoted scalar that closes on its line, with nothing but a comment after it; escapes are left to js-yaml. */
function quoted(text: string): string {
  const close = closingQuote(text, 0);
  const rest = text.slice(close + 1);
  if (rest !== "" && !/^\s+(?:#.*)?$/.test(rest)) giveUp();
  return quotedValue(text.slice(0, close + 1));
}

/** The index of the quote closing the quoted scalar that starts at `from`, doubled single quotes skipped. */
function closingQuote(text: string, from: number): number {
  const quote = text[from] as string;
  let close = from + 1;
  for (;;) {
    close = text.indexOf(quote, close);
    if (close === -1) giveUp();
    if (quote === "'" && text[close + 1] === "'") {
      close += 2;
      continue;
    }
    return close;
  }
}

/** The value of a whole quoted scalar, quotes included. */
function quotedValue(scalar: string): string {
  const inner = scalar.slice(1, -1);
  if (scalar[0] === '"') {
    if (inner.includes("\\")) giveUp();
    return inner;
  }
  return inner.replaceAll("''", "'");
}
