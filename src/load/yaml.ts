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
import type { Problem } from "./problem.js";

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
 * keep their original position so errors can be located.
 */
export function parseYaml(
  text: string,
  file: string,
  schema: YamlSchemaName = "core",
  options: { positions?: boolean; lenient?: boolean } = {},
): YamlParseResult {
  const first = parseYamlStrict(text, file, schema, options);
  if (first.ok || !options.lenient || first.problem.code !== "yaml-syntax" || text.length > MAX_LENIENT_BYTES) return first;
  return parseLeniently(text, file, schema, options, first);
}

/**
 * Go's YAML parser (sigs.k8s.io/yaml, which kubectl uses) and PyYAML accept a quoted scalar or a
 * flow collection whose continuation lines are indented less than their key; js-yaml rejects them
 * as "deficient indentation". Inside a quoted scalar or a flow collection, leading blanks of a
 * continuation line carry no meaning (they fold into one space), so indenting such a line further
 * reads the file as Kubernetes reads it. Each re-indented line becomes a warning.
 */
function parseLeniently(
  text: string,
  file: string,
  schema: YamlSchemaName,
  options: { positions?: boolean },
  first: YamlParseResult & { ok: false },
): YamlParseResult {
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
    const parsed = parseYamlStrict(repaired, file, schema, options);
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

function parseYamlStrict(text: string, file: string, schema: YamlSchemaName, options: { positions?: boolean }): YamlParseResult {
  let raw: unknown[];
  try {
    if (options.positions) {
      // One parse serves both the values and the positions of every fact the readers cite.
      const events = parseEvents(text, { filename: file, maxDepth: YAML_LIMITS.maxDepth });
      raw = constructFromEvents(events, { source: text, filename: file, schema: SCHEMAS[schema], maxAliases: YAML_LIMITS.maxAliases });
      rememberOffsets(text, offsetsFromEvents(text, events));
    } else {
      raw = loadAll(text, {
        filename: file,
        schema: SCHEMAS[schema],
        maxAliases: YAML_LIMITS.maxAliases,
        maxDepth: YAML_LIMITS.maxDepth,
      });
    }
  } catch (error) {
    return { ok: false, problem: yamlErrorToProblem(options.positions ? positionedError(text, file, schema, error) : error, file, text) };
  }
  const documents: YamlDocument[] = [];
  for (const [index, value] of raw.entries()) {
    if (value === null || value === undefined) continue;
    const size = expandedSize(value, YAML_LIMITS.maxExpandedNodes);
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
    documents.push({ index, value });
  }
  return { ok: true, documents, text, warnings: [] };
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
    for (const [path, offset] of document.keys) {
      const last = (JSON.parse(path) as unknown[]).at(-1);
      if (typeof last === "string" && last.startsWith("#") && (first === undefined || offset < first)) first = offset;
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

type PathKey = string;

interface Frame {
  kind: "map" | "seq";
  path: (string | number)[];
  index: number;
  key: string | undefined;
  expectKey: boolean;
  isKey?: boolean;
}

/** Offsets of every node in one document, keyed by the JSON of its path; keys have their own map. */
interface DocumentOffsets {
  values: Map<PathKey, number>;
  keys: Map<PathKey, number>;
}

/**
 * Finds the 1-based line and column of a path inside document `docIndex` of `text`. Falls back to
 * the nearest enclosing node when the path does not exist (a missing required key points at its
 * parent). Uses the event stream only here, on the error path, because it is slower than loading.
 */
export function locatePath(
  text: string,
  docIndex: number,
  path: readonly PropertyKey[],
  options: { preferKey?: boolean } = {},
): { line: number; column: number } {
  const offsets = documentOffsets(text, docIndex);
  const segments = path.map((p) => (typeof p === "number" ? p : String(p)));
  for (let n = segments.length; n >= 0; n--) {
    const key = JSON.stringify(segments.slice(0, n));
    const keyOffset = offsets.keys.get(key);
    const valueOffset = offsets.values.get(key);
    const offset = options.preferKey && n === segments.length ? (keyOffset ?? valueOffset) : (valueOffset ?? keyOffset);
    if (offset !== undefined) return offsetToLineColumn(text, offset);
  }
  return { line: 1, column: 1 };
}

/** Offsets of every document of the most recently scanned texts; scanning is one pass per text. */
const offsetCache = new Map<string, DocumentOffsets[]>();
const OFFSET_CACHE_SIZE = 32;

function documentOffsets(text: string, docIndex: number): DocumentOffsets {
  let documents = offsetCache.get(text);
  if (!documents) {
    let events: Event[] = [];
    try {
      events = parseEvents(text, { maxDepth: YAML_LIMITS.maxDepth });
    } catch {
      // Unparseable text has no positions; callers fall back to line 1.
    }
    documents = offsetsFromEvents(text, events);
    rememberOffsets(text, documents);
  }
  return documents[docIndex] ?? { values: new Map(), keys: new Map() };
}

function rememberOffsets(text: string, documents: DocumentOffsets[]): void {
  if (offsetCache.size >= OFFSET_CACHE_SIZE) offsetCache.delete(offsetCache.keys().next().value as string);
  offsetCache.set(text, documents);
}

function offsetsFromEvents(text: string, events: readonly Event[]): DocumentOffsets[] {
  const documents: DocumentOffsets[] = [];
  let values = new Map<PathKey, number>();
  let keys = new Map<PathKey, number>();
  const stack: Frame[] = [];
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      values = new Map();
      keys = new Map();
      documents.push({ values, keys });
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
    const offset = event.type === EVENT_ID.SCALAR ? event.valueStart : event.type === EVENT_ID.ALIAS ? event.anchorStart - 1 : event.start;
    if (parent?.kind === "map" && parent.expectKey) {
      const key = event.type === EVENT_ID.SCALAR ? getScalarValue(text, event) : `#${parent.index}`;
      parent.key = key;
      parent.expectKey = false;
      parent.index++;
      keys.set(JSON.stringify([...parent.path, key]), offset);
      if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) {
        // A complex key: push it so its children are skipped, and remember it is a key.
        stack.push({
          kind: event.type === EVENT_ID.MAPPING ? "map" : "seq",
          path: [...parent.path, "#key"],
          index: 0,
          key: undefined,
          expectKey: true,
          isKey: true,
        });
      }
      continue;
    }
    let path: (string | number)[] = [];
    if (parent?.kind === "map") {
      path = [...parent.path, parent.key ?? ""];
      parent.expectKey = true;
    } else if (parent?.kind === "seq") {
      path = [...parent.path, parent.index];
      parent.index++;
    }
    values.set(JSON.stringify(path), offset);
    if (event.type === EVENT_ID.MAPPING) {
      stack.push({ kind: "map", path, index: 0, key: undefined, expectKey: true });
    } else if (event.type === EVENT_ID.SEQUENCE) {
      stack.push({ kind: "seq", path, index: 0, key: undefined, expectKey: false });
    }
  }
  return documents;
}

const lineStartCache = new Map<string, number[]>();

/** Converts a 0-based character offset into a 1-based line and column (binary search over line starts). */
export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  let starts = lineStartCache.get(text);
  if (!starts) {
    starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    if (lineStartCache.size >= OFFSET_CACHE_SIZE) lineStartCache.delete(lineStartCache.keys().next().value as string);
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
