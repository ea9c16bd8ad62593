import {
  CORE_SCHEMA,
  constructFromEvents,
  EVENT_ID,
  type Event,
  getScalarValue,
  loadAll,
  mergeTag,
  parseEvents,
  YAML11_SCHEMA,
  YAMLException,
} from "js-yaml";
import type { SourceLocation } from "../model/facts.js";
import { blockDocumentOffsets, childNode, type DocumentOffsets, emptyNode, type NodeOffsets, offsetEntries } from "./block-offsets.js";
import { readBlockYaml } from "./block-yaml.js";
import { copyText } from "./detach.js";
import type { Problem } from "./problem.js";
import { TEXT_CACHE_UNITS, TextCache } from "./text-cache.js";

/** Bounds on what one YAML file may expand to; aliases can multiply a small file into gigabytes. */
export const YAML_LIMITS = {
  maxAliases: 1000,
  maxDepth: 64,
  maxExpandedNodes: 2_000_000,
} as const;

/** `core`: YAML 1.2 core schema with merge keys; `yaml11`: YAML 1.1 as Kubernetes reads it. */
export type YamlSchemaName = "core" | "yaml11";

const SCHEMAS = {
  core: CORE_SCHEMA.withTags(mergeTag),
  yaml11: YAML11_SCHEMA.withTags(mergeTag),
};

/** One parsed YAML document and its index among the file's documents. */
export interface YamlDocument {
  index: number;
  value: unknown;
}

/**
 * The documents of a YAML file, or the problem that stopped it from parsing. `text` is the text the
 * documents were read from (the input, or the input with lines re-indented by lenient parsing) and
 * `warnings` say which lines were re-indented.
 */
export type YamlParseResult = { ok: true; documents: YamlDocument[]; text: string; warnings: Problem[] } | { ok: false; problem: Problem };

/**
 * Lenient parsing parses the file again after each re-indented line, so it is bounded: at most this
 * many attempts, on files up to `MAX_LENIENT_BYTES`; beyond that the first error stands.
 */
const MAX_LENIENT_ATTEMPTS = 32;
const MAX_LENIENT_BYTES = 1_000_000;

/**
 * Parses every document of a YAML file with the given schema, rejecting syntax errors, alias bombs
 * and excessive nesting as problems rather than exceptions. Empty documents are dropped; indexes
 * keep their original position so errors can be located. No position is computed here: where each
 * document starts is noted, and `locatePath` finds a position when one is asked for.
 */
export function parseYaml(
  text: string,
  file: string,
  schema: YamlSchemaName = "core",
  options: { lenient?: boolean } = {},
): YamlParseResult {
  const first = parseYamlStrict(text, file, schema);
  if (first.ok || !options.lenient || first.problem.code !== "yaml-syntax" || text.length > MAX_LENIENT_BYTES) return first;
  return parseLeniently(text, file, schema, first);
}

/**
 * Go's YAML parser (sigs.k8s.io/yaml, which kubectl uses) and PyYAML accept a quoted scalar or a
 * flow collection whose continuation lines are indented less than their key; js-yaml rejects them
 * as "deficient indentation". Inside a quoted scalar or a flow collection, leading blanks of a
 * continuation line carry no meaning (they fold into one space), so indenting such a line further
 * reads the file as Kubernetes reads it. Each re-indented line becomes a warning.
 */
function parseLeniently(text: string, file: string, schema: YamlSchemaName, first: YamlParseResult & { ok: false }): YamlParseResult {
  const lines = text.split("\n");
  const reindented = new Set<number>();
  let failure = first;
  for (let attempt = 0; attempt < MAX_LENIENT_ATTEMPTS; attempt++) {
    const at = deficientLine(failure.problem);
    if (at === undefined || at >= lines.length) return first;
    const line = lines[at] as string;
    const indent = line.length - line.trimStart().length;
    let previous = at - 1;
    while (previous >= 0 && (lines[previous] as string).trim() === "") previous--;
    const wanted = previous >= 0 ? (lines[previous] as string).length - (lines[previous] as string).trimStart().length + 1 : 1;
    lines[at] = " ".repeat(Math.max(1, wanted - indent)) + line;
    reindented.add(at);
    const repaired = lines.join("\n");
    const parsed = parseYamlStrict(repaired, file, schema);
    if (parsed.ok) {
      const warnings = [...reindented].sort((a, b) => a - b).map((index) => reindentWarning(file, index + 1));
      return { ...parsed, warnings };
    }
    failure = parsed;
  }
  return first;
}

/** The 0-based line of a "deficient indentation" error, the one error lenient parsing repairs. */
function deficientLine(problem: Problem): number | undefined {
  return problem.message.includes("deficient indentation") ? problem.line - 1 : undefined;
}

function reindentWarning(file: string, line: number): Problem {
  return {
    file,
    line,
    column: 1,
    severity: "warning",
    code: "yaml-indentation",
    path: "",
    message:
      "expected a continuation line of a quoted scalar or flow collection to be indented more than its key, got less; read it as Kubernetes does",
  };
}

function parseYamlStrict(text: string, file: string, schema: YamlSchemaName): YamlParseResult {
  let raw: unknown[];
  // Plain block YAML, as helm and kubectl write it, is read by its lines; the rest by js-yaml. Either
  // way the values are the same, and without aliases no document expands past its node count.
  const block = readBlockYaml(text, SCHEMAS[schema], { maxDepth: YAML_LIMITS.maxDepth, maxNodes: YAML_LIMITS.maxExpandedNodes });
  if (block) {
    raw = block.documents;
    documentStarts.set(text, block.starts);
  } else {
    try {
      // What js-yaml's loadAll does, keeping the events long enough to note where each document starts.
      const events = parseEvents(text, { filename: file, maxDepth: YAML_LIMITS.maxDepth });
      raw = constructFromEvents(events, { source: text, filename: file, schema: SCHEMAS[schema], maxAliases: YAML_LIMITS.maxAliases });
      documentStarts.set(text, documentStartsFromEvents(events));
    } catch (error) {
      return { ok: false, problem: yamlErrorToProblem(positionedError(text, file, schema, error), file, text) };
    }
  }
  const documents: YamlDocument[] = [];
  for (const [index, value] of raw.entries()) {
    if (value === null || value === undefined) continue;
    const size = block ? 0 : expandedSize(value, YAML_LIMITS.maxExpandedNodes);
    if (size > YAML_LIMITS.maxExpandedNodes) {
      return {
        ok: false,
        problem: {
          file,
          line: 1,
          column: 1,
          severity: "error",
          code: "yaml-too-large",
          path: "",
          message: `expected at most ${YAML_LIMITS.maxExpandedNodes} nodes after expanding aliases, got more (document ${index + 1})`,
        },
      };
    }
    // A document read by its lines has no aliases, so it is a tree: checked without the walk's bookkeeping first.
    const nonFinite = block && !treeHoldsNonFiniteNumber(value) ? undefined : findNonFiniteNumber(value);
    if (nonFinite) return { ok: false, problem: nonFiniteProblem(text, file, index, nonFinite) };
    documents.push({ index, value });
  }
  return { ok: true, documents, text, warnings: [] };
}

/**
 * True when a tree (no node reachable twice, as a document without aliases) holds a number JSON
 * cannot hold: the walk of `findNonFiniteNumber` without its record of nodes seen and of the way
 * down, which only a hit needs.
 */
function treeHoldsNonFiniteNumber(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return true;
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push(value[i]);
    } else {
      for (const key in value) stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return false;
}

/** One step of the way down to a value, linked to its parent, so a path is built only for a hit. */
type Step = { key: string | number; parent: Step | undefined };

/**
 * The path of the first number in a document that JSON cannot hold (`.inf`, `.nan`, `1e999`), in
 * document order. JSON has no value for them (RFC 8259, section 6): Kubernetes, which turns
 * manifests into JSON with Go's encoding/json, refuses them ("json: unsupported value: NaN",
 * https://github.com/golang/go/issues/59627), a report would silently write `null`, and a rule
 * comparing NaN gets `false` whatever the comparison. Walks with a stack, not recursion, and visits
 * an aliased node once; the caller has already bounded the document's size.
 */
function findNonFiniteNumber(root: unknown): (string | number)[] | undefined {
  const seen = new Set<object>();
  const stack: { value: unknown; at: Step | undefined }[] = [{ value: root, at: undefined }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value, at } = item;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) return pathOf(at);
      continue;
    }
    if (value === null || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    // Pushed last to first, so the first entry is popped first and the walk keeps document order;
    // only numbers and containers are pushed, the rest cannot hold a non-finite number.
    const push = (key: string | number, child: unknown) => {
      if (typeof child === "number" || (child !== null && typeof child === "object")) stack.push({ value: child, at: { key, parent: at } });
    };
    if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) push(i, value[i]);
    else {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) push(keys[i] as string, (value as Record<string, unknown>)[keys[i] as string]);
    }
  }
  return undefined;
}

function pathOf(at: Step | undefined): (string | number)[] {
  const path: (string | number)[] = [];
  for (let step = at; step !== undefined; step = step.parent) path.push(step.key);
  return path.reverse();
}

function nonFiniteProblem(text: string, file: string, docIndex: number, path: (string | number)[]): Problem {
  const { line, column } = locatePath(text, docIndex, path);
  const lineText = text.split(/\r\n|\r|\n/)[line - 1] ?? "";
  const written = /^[^\s,\]}#]+/.exec(lineText.slice(column - 1))?.[0] ?? "a number beyond what JSON holds";
  return {
    file,
    line,
    column,
    severity: "error",
    code: "yaml-non-finite-number",
    path: path.join("."),
    message: `expected a finite number, got ${written}; JSON has no value for it, so Kubernetes and blendcheck's reports cannot carry it`,
  };
}

/**
 * Errors raised while constructing values from events carry no position; loading the text the
 * ordinary way raises the same error with its line and column.
 */
function positionedError(text: string, file: string, schema: YamlSchemaName, error: unknown): unknown {
  if (error instanceof YAMLException && error.mark && error.mark.position > 0) return error;
  try {
    loadAll(text, { filename: file, schema: SCHEMAS[schema], maxAliases: YAML_LIMITS.maxAliases, maxDepth: YAML_LIMITS.maxDepth });
  } catch (positioned) {
    return positioned;
  }
  return error;
}

function yamlErrorToProblem(error: unknown, file: string, text = ""): Problem {
  if (error instanceof YAMLException) {
    // js-yaml places "complex keys" errors (an unquoted `{{ … }}` template) at offset 0: find the key.
    const complexKey = error.mark?.position === 0 && /complex key/.test(error.reason) ? firstComplexKey(text) : undefined;
    const where = complexKey ?? { line: (error.mark?.line ?? 0) + 1, column: (error.mark?.column ?? 0) + 1 };
    return {
      file,
      line: where.line,
      column: where.column,
      severity: "error",
      code: "yaml-syntax",
      path: "",
      message: `expected valid YAML, got: ${error.reason}${complexKey && text.includes("{{") ? " (an unrendered {{ … }} template? render it first, for example with helm template)" : ""}`,
    };
  }
  return {
    file,
    line: 1,
    column: 1,
    severity: "error",
    code: "yaml-syntax",
    path: "",
    message: `expected valid YAML, got: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/** The position of the first mapping or sequence used as a mapping key, such as `{{ .Values.x }}`. */
function firstComplexKey(text: string): { line: number; column: number } | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: YAML_LIMITS.maxDepth });
  } catch {
    return undefined;
  }
  let first: number | undefined;
  for (const document of offsetsFromEvents(text, events)) {
    for (const { path, key } of offsetEntries(document)) {
      const last = path.at(-1);
      if (key !== undefined && typeof last === "string" && last.startsWith("#") && (first === undefined || key < first)) first = key;
    }
  }
  return first === undefined ? undefined : offsetToLineColumn(text, first);
}

/**
 * Counts the nodes a value expands to when every shared reference is copied, memoised by identity,
 * stopping early once the count passes `limit`.
 */
export function expandedSize(value: unknown, limit: number): number {
  const memo = new Map<object, number>();
  const visit = (v: unknown): number => {
    if (v === null || typeof v !== "object") return 1;
    const known = memo.get(v);
    if (known !== undefined) return known;
    memo.set(v, limit + 1); // a cycle counts as too large
    let total = 1;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children) {
      total += visit(child);
      if (total > limit) break;
    }
    memo.set(v, total);
    return total;
  };
  return visit(value);
}

/** An open mapping or sequence while walking events. */
interface Frame {
  kind: "map" | "seq";
  node: NodeOffsets;
  index: number;
  key: string | undefined;
  expectKey: boolean;
  isKey?: boolean;
}

/**
 * Finds the 1-based line and column of a path inside document `docIndex` of `text`. Falls back to
 * the nearest enclosing node when the path does not exist (a missing required key points at its
 * parent). Only that document is scanned, the first time one of its paths is asked for.
 */
export function locatePath(
  text: string,
  docIndex: number,
  path: readonly PropertyKey[],
  options: { preferKey?: boolean } = {},
): { line: number; column: number } {
  return locateIn(documentIn(text, docIndex), path, options);
}

/** Where a document's lines start and end in its text, found when first needed. */
type LinesOf = () => { from: number; to: number } | undefined;

/**
 * One document to find positions in: a whole text and the document's index in it, or, detached,
 * the document's own lines copied out of the text, so that the text can be let go while positions
 * in the document may still be asked for. Positions are those in the whole text either way.
 */
export interface DocumentSource {
  text: string;
  docIndex: number;
  /** The lines of the whole text before `text`: 0 unless detached. */
  lineOffset: number;
  detached: boolean;
}

/** Document `docIndex` of `text`, in the whole text. */
export function documentIn(text: string, docIndex: number): DocumentSource {
  return { text, docIndex, lineOffset: 0, detached: false };
}

/** True when a line starts with `%`: a directive (`%TAG`, `%YAML`) that the documents after it may need to parse. */
function hasDirective(text: string): boolean {
  // A file's documents are detached one after another: its text is scanned once for all of them.
  if (text !== lastScanned.text) lastScanned = { text, directive: text.startsWith("%") || text.includes("\n%") };
  return lastScanned.directive;
}

let lastScanned = { text: "", directive: false };

/**
 * The document detached from its text: its own lines, from the line of its first node to the line
 * of the next document's, copied. Best done soon after the text is parsed, while where its
 * documents start is still known. A text with a directive line stays whole, as do its documents.
 */
export function detachDocument(source: DocumentSource): DocumentSource {
  if (source.detached || hasDirective(source.text)) return source;
  const lines = documentLines(source.text, source.docIndex);
  // An empty document has no node to locate: every path of it is at 1:1, as in the whole text.
  if (!lines) return { text: "", docIndex: 0, lineOffset: 0, detached: true };
  return {
    text: copyText(source.text.slice(lines.from, lines.to)),
    docIndex: 0,
    // Its lines start a line: the line before its first is the count of the lines before it.
    lineOffset: offsetToLineColumn(source.text, lines.from).line - 1,
    detached: true,
  };
}

/** `locatePath` in a document source. */
export function locateIn(
  source: DocumentSource,
  path: readonly PropertyKey[],
  options: { preferKey?: boolean } = {},
): { line: number; column: number } {
  const offsets = documentOffsets(source.text, source.docIndex, linesOfSource(source));
  const { line, column } = locateAlong(source.text, offsets, path, options.preferKey === true);
  return { line: line + source.lineOffset, column };
}

/**
 * `locateIn` for several paths of one document, from one scan that keeps only the nodes on those
 * paths when the document is plain block YAML (a workload's facts are a few dozen of its hundreds of
 * nodes). A document scanned before answers from that scan. `preferKey` is `locateIn`'s, path by path.
 */
export function locateAllIn(
  source: DocumentSource,
  paths: readonly (readonly PropertyKey[])[],
  options: { preferKey?: readonly boolean[] } = {},
): { line: number; column: number }[] {
  const { text, docIndex, lineOffset } = source;
  const linesOf = linesOfSource(source);
  const offsets = offsetCache.get(text)?.get(docIndex) ?? wantedOffsets(text, linesOf, paths) ?? documentOffsets(text, docIndex, linesOf);
  return paths.map((path, i) => {
    const at = locateAlong(text, offsets, path, options.preferKey?.[i] === true);
    at.line += lineOffset;
    return at;
  });
}

/** A detached document is all of its text: its lines are known without parsing it. */
function linesOfSource(source: DocumentSource): LinesOf {
  if (!source.detached) return () => documentLines(source.text, source.docIndex);
  return () => (source.text === "" ? undefined : { from: 0, to: source.text.length });
}

/** The offsets of the nodes on `paths` only, when the document is plain block YAML. */
function wantedOffsets(text: string, linesOf: LinesOf, paths: readonly (readonly PropertyKey[])[]): DocumentOffsets | undefined {
  const lines = linesOf();
  if (!lines) return undefined;
  const wanted = emptyNode();
  for (const path of paths) {
    let node = wanted;
    for (const segment of path) node = childNode(node, segmentKey(segment));
  }
  return blockDocumentOffsets(text, lines.from, lines.to, wanted);
}

function segmentKey(segment: PropertyKey): string | number {
  return typeof segment === "number" ? segment : String(segment);
}

/** The line and column of the deepest located node down `path` from `root`, as a new object. */
function locateAlong(text: string, root: NodeOffsets, path: readonly PropertyKey[], preferKey: boolean): { line: number; column: number } {
  // Down the path as far as the document has it: the deepest node located answers, at its key when
  // the path ends on it and its key is preferred.
  let best = offsetOf(root, preferKey && path.length === 0);
  let node: NodeOffsets | undefined = root;
  for (let n = 0; n < path.length; n++) {
    node = node.children?.get(segmentKey(path[n] as PropertyKey));
    if (!node) break;
    const offset = offsetOf(node, preferKey && n + 1 === path.length);
    if (offset !== undefined) best = offset;
  }
  return best === undefined ? { line: 1, column: 1 } : offsetToLineColumn(text, best);
}

function offsetOf(node: NodeOffsets, atKey: boolean): number | undefined {
  return atKey ? (node.key ?? node.value) : (node.value ?? node.key);
}

/** A line and a column, both 1-based. */
export type LineColumn = { line: number; column: number };

/**
 * The deferred locations of one document, found together: the first one read finds every one not
 * yet found with one call of `locate`, from one scan of the document, rather than scanning again
 * after other files have pushed it out.
 */
export interface LocationGroup {
  locate: (paths: readonly (readonly PropertyKey[])[]) => LineColumn[];
  pending: Deferred[];
}

/** A new group whose locations are found together by `locate`, which answers for its paths in order. */
export function createLocationGroup(locate: LocationGroup["locate"]): LocationGroup {
  return { locate, pending: [] };
}

// A deferred location keeps what it needs under symbols that are not enumerable, so that spreading
// or serialising it gives its file, line and column only.
const FIND = Symbol("find");
const PATH = Symbol("path");
const LINE = Symbol("line");
const COLUMN = Symbol("column");

/** A location to be found: by its own finder, or with its group, where its path says what to find. */
interface Deferred extends SourceLocation {
  [FIND]: (() => LineColumn) | LocationGroup | undefined;
  [PATH]: readonly PropertyKey[] | undefined;
  [LINE]: number;
  [COLUMN]: number;
}

function found(location: Deferred, { line, column }: LineColumn): void {
  location[LINE] = line;
  location[COLUMN] = column;
  location[FIND] = undefined;
  location[PATH] = undefined;
}

function findDeferred(location: Deferred): void {
  const find = location[FIND];
  if (find === undefined) return;
  if (typeof find === "function") {
    found(location, find());
    return;
  }
  const members = find.pending;
  find.pending = [];
  const places = find.locate(members.map((member) => member[PATH] as readonly PropertyKey[]));
  for (const [i, member] of members.entries()) found(member, places[i] as LineColumn);
}

// One getter of each for every deferred location: a location holds no closure of its own, and an
// estate has a location per fact it read.
const DEFERRED_PROPERTIES: PropertyDescriptorMap = {
  line: {
    enumerable: true,
    get(this: Deferred) {
      findDeferred(this);
      return this[LINE];
    },
  },
  column: {
    enumerable: true,
    get(this: Deferred) {
      findDeferred(this);
      return this[COLUMN];
    },
  },
  [FIND]: { writable: true, value: undefined },
  [PATH]: { writable: true, value: undefined },
  [LINE]: { writable: true, value: 1 },
  [COLUMN]: { writable: true, value: 1 },
};

function deferred(file: string, find: Deferred[typeof FIND], path?: readonly PropertyKey[]): Deferred {
  const location = Object.defineProperties({ file }, DEFERRED_PROPERTIES) as Deferred;
  location[FIND] = find;
  location[PATH] = path;
  return location;
}

/** Whether a location's line and column are found when first read (`deferLocation`), rather than known. */
export function isDeferredLocation(location: SourceLocation): boolean {
  return FIND in location;
}

/**
 * A location whose line and column are found the first time either is read, so that facts no
 * finding cites cost nothing to locate. Both are own enumerable properties: spreading or
 * serialising the location reads them. The finder is let go once it has answered: it may hold a
 * whole file's text.
 */
export function deferLocation(file: string, find: () => LineColumn): SourceLocation {
  return deferred(file, find);
}

/** `deferLocation` for `path` in a group: reading it, or any other of the group's, finds all that the group has pending. */
export function deferLocationIn(group: LocationGroup, file: string, path: readonly PropertyKey[]): SourceLocation {
  const location = deferred(file, group, path);
  group.pending.push(location);
  return location;
}

/**
 * Where each document of a parsed text starts (the offset of its first node, -1 for none), kept
 * from parsing so that locating a path scans one document and not the file. Bounded to the texts
 * parsed last, as its keys hold the texts: a text no longer held is scanned once more to find them,
 * and a document detached while its text was held (`detachDocument`) needs them no more.
 */
const documentStarts = new TextCache<number[]>(64, TEXT_CACHE_UNITS);

function documentStartsFromEvents(events: readonly Event[]): number[] {
  const starts: number[] = [];
  let awaiting = false;
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      starts.push(-1);
      awaiting = true;
    } else if (awaiting) {
      awaiting = false;
      if (event.type !== EVENT_ID.POP) starts[starts.length - 1] = nodeStart(event);
    }
  }
  return starts;
}

/** The first offset of a node, its tag and anchor included. */
function nodeStart(event: Exclude<Event, { type: typeof EVENT_ID.DOCUMENT | typeof EVENT_ID.POP }>): number {
  const own = event.type === EVENT_ID.SCALAR ? event.valueStart : event.type === EVENT_ID.ALIAS ? event.anchorStart - 1 : event.start;
  const marks = event.type === EVENT_ID.ALIAS ? [] : [event.anchorStart - 1, event.tagStart];
  return Math.min(own, ...marks.filter((m) => m >= 0));
}

/** Offsets of the documents located most recently, per text; each document is scanned once. */
const offsetCache = new TextCache<Map<number, DocumentOffsets>>(32, TEXT_CACHE_UNITS);
const NO_OFFSETS: DocumentOffsets = Object.freeze(emptyNode());

function documentOffsets(text: string, docIndex: number, linesOf: LinesOf): DocumentOffsets {
  let documents = offsetCache.get(text);
  if (!documents) {
    documents = new Map();
    offsetCache.set(text, documents);
  }
  let offsets = documents.get(docIndex);
  if (!offsets) {
    offsets = scanDocument(text, docIndex, linesOf);
    documents.set(docIndex, offsets);
  }
  return offsets;
}

/**
 * The offsets of one document: its lines (from the line of its first node to the line of the next
 * document's) are read on their own, by their lines when they are plain block YAML, else by parsing
 * them. A document that does not parse alone (a tag directive of the file, say) is found by
 * scanning the whole text.
 */
function scanDocument(text: string, docIndex: number, linesOf: LinesOf): DocumentOffsets {
  const lines = linesOf();
  if (!lines) return NO_OFFSETS;
  return (
    blockDocumentOffsets(text, lines.from, lines.to) ??
    parsedDocumentOffsets(text, lines.from, lines.to) ??
    offsetsFromEvents(text, parseEventsOrNone(text))[docIndex] ??
    NO_OFFSETS
  );
}

/** Where the lines of document `docIndex` of a parsed text start and end; undefined for an empty document. */
export function documentLines(text: string, docIndex: number): { from: number; to: number } | undefined {
  let starts = documentStarts.get(text);
  if (!starts) {
    starts = documentStartsFromEvents(parseEventsOrNone(text));
    documentStarts.set(text, starts);
  }
  const start = starts[docIndex];
  if (start === undefined || start < 0) return undefined;
  const next = starts.slice(docIndex + 1).find((s) => s >= 0);
  const from = text.lastIndexOf("\n", start - 1) + 1;
  const to = next === undefined ? text.length : text.lastIndexOf("\n", next - 1) + 1;
  return { from, to };
}

/** The offsets of the first document of `text[from, to)`, by parsing those lines alone; undefined when they do not parse alone. */
export function parsedDocumentOffsets(text: string, from: number, to: number): DocumentOffsets | undefined {
  if (to <= from) return undefined;
  try {
    const slice = text.slice(from, to);
    return offsetsFromEvents(slice, parseEvents(slice, { maxDepth: YAML_LIMITS.maxDepth }), from)[0];
  } catch {
    // Parsed alone the lines may not stand (a %TAG handle declared for the file).
    return undefined;
  }
}

function parseEventsOrNone(text: string): Event[] {
  try {
    return parseEvents(text, { maxDepth: YAML_LIMITS.maxDepth });
  } catch {
    // Unparseable text has no positions; callers fall back to line 1.
    return [];
  }
}

/** Offsets of every node of every document in `events`, `base` added (the events are of a slice starting there). */
function offsetsFromEvents(text: string, events: readonly Event[], base = 0): DocumentOffsets[] {
  const documents: DocumentOffsets[] = [];
  let root = emptyNode();
  const stack: Frame[] = [];
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      root = emptyNode();
      documents.push(root);
      stack.length = 0;
      continue;
    }
    if (event.type === EVENT_ID.POP) {
      const popped = stack.pop();
      const parent = stack.at(-1);
      if (parent?.kind === "map") parent.expectKey = !popped?.isKey;
      continue;
    }
    const parent = stack.at(-1);
    const start = event.type === EVENT_ID.SCALAR ? event.valueStart : event.type === EVENT_ID.ALIAS ? event.anchorStart - 1 : event.start;
    // An empty scalar's event has no position (-1): its node is found at its key, or its parent's place.
    const offset = start < 0 ? undefined : base + start;
    if (parent?.kind === "map" && parent.expectKey) {
      const key = event.type === EVENT_ID.SCALAR ? getScalarValue(text, event) : `#${parent.index}`;
      parent.key = key;
      parent.expectKey = false;
      parent.index++;
      childNode(parent.node, key).key = offset;
      if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
        // A complex key: push it so its children are skipped, and remember it is a key.
        stack.push({
          kind: event.type === EVENT_ID.MAPPING ? "map" : "seq",
          node: childNode(parent.node, "#key"),
          index: 0,
          key: undefined,
          expectKey: true,
          isKey: true,
        });
      }
      continue;
    }
    let node = root;
    if (parent?.kind === "map") {
      node = childNode(parent.node, parent.key ?? "");
      parent.expectKey = true;
    } else if (parent?.kind === "seq") {
      node = childNode(parent.node, parent.index);
      parent.index++;
    }
    node.value = offset;
    if (event.type === EVENT_ID.MAPPING) {
      stack.push({ kind: "map", node, index: 0, key: undefined, expectKey: true });
    } else if (event.type === EVENT_ID.SEQUENCE) {
      stack.push({ kind: "seq", node, index: 0, key: undefined, expectKey: false });
    }
  }
  return documents;
}

/**
 * Where each line starts, per text (an array of numbers, one per line). Places are looked up in a
 * file's text while its objects are read, and later in the documents detached from it, in the order
 * findings cite them, which jumps between files: more texts are kept than offsets are, but not so
 * many that reading an estate holds the texts of the files it has read.
 */
const lineStartCache = new TextCache<number[]>(64, TEXT_CACHE_UNITS);

/**
 * Lets go of the texts the locators keep. Once a run's files are read, no place is looked up in a
 * whole file's text any more (a place found later is in a document detached from it), so those
 * texts would only be held to the end of the run.
 */
export function forgetTexts(): void {
  documentStarts.clear();
  offsetCache.clear();
  lineStartCache.clear();
  lastScanned = { text: "", directive: false };
}

/** Converts a 0-based character offset into a 1-based line and column (binary search over line starts). */
export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  let starts = lineStartCache.get(text);
  if (!starts) {
    starts = [0];
    // indexOf finds each line feed natively: about five times faster than reading every character.
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    lineStartCache.set(text, starts);
  }
  const end = Math.min(Math.max(offset, 0), text.length);
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] as number) <= end) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: end - (starts[low] as number) + 1 };
}
