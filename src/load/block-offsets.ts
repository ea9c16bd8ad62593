/**
 * Offsets of the nodes of one YAML document written in the plain block style that `helm template`,
 * kustomize and kubectl write, found by reading its lines rather than parsing it. Anything outside
 * that style (anchors, aliases, tags, non-empty flow collections, complex keys, scalars over several
 * lines, escapes in quoted keys) gives undefined, and the caller parses the document instead.
 * Where it answers, it gives the offsets the parser's events give (the tests hold it to that).
 */
import { afterBlanks, readKey } from "./block-yaml.js";

/**
 * Where one node of a document starts and, for a collection, its children by key or item index: a
 * tree shaped like the document, so no path is written out until one is looked up.
 */
export interface NodeOffsets {
  /** Where its value starts; undefined when only its key was seen. */
  value: number | undefined;
  /** Where its key starts, for the value of a mapping entry. */
  key: number | undefined;
  children: Map<string | number, NodeOffsets> | undefined;
}

/** The offsets of one document: its root node. */
export type DocumentOffsets = NodeOffsets;

/** A node not yet located. */
export function emptyNode(): NodeOffsets {
  return { value: undefined, key: undefined, children: undefined };
}

/** The child of `node` at `segment` (a key, or an item's index), added when it is not there yet. */
export function childNode(node: NodeOffsets, segment: string | number): NodeOffsets {
  if (!node.children) node.children = new Map();
  let child = node.children.get(segment);
  if (!child) {
    child = emptyNode();
    node.children.set(segment, child);
  }
  return child;
}

/**
 * The node of a path that was asked for, or `UNWANTED` (`blockDocumentOffsets` given the paths):
 * nothing is added.
 */
function wantedChild(node: NodeOffsets, segment: string | number): NodeOffsets {
  return node.children?.get(segment) ?? UNWANTED;
}

/** Where a scan for some paths writes the offsets of the nodes off them; never read. */
const UNWANTED: NodeOffsets = emptyNode();

/** Every located node under `node`, with its path, in document order. */
export function* offsetEntries(
  node: NodeOffsets,
  path: (string | number)[] = [],
): Generator<{ path: (string | number)[]; value: number | undefined; key: number | undefined }> {
  if (node.value !== undefined || node.key !== undefined) yield { path, value: node.value, key: node.key };
  for (const [segment, child] of node.children ?? []) yield* offsetEntries(child, [...path, segment]);
}

interface Frame {
  kind: "map" | "seq";
  /** The column of its keys or dashes. */
  indent: number;
  node: NodeOffsets;
  /** The number of items so far (sequences). */
  index: number;
  /** The column of the key or dash it is the value of; -1 for the document's root. */
  openedAt: number;
}

/** A key whose value is not on its line: a nested block, a sequence at the key's column, or nothing. */
interface Pending {
  /** The node of the value. */
  node: NodeOffsets;
  /** The column of the key (or of the dash, for an item with nothing after it). */
  indent: number;
  /** True for a mapping key, whose value may be a sequence at the key's own column. */
  ofKey: boolean;
}

/** A colon before a blank or the line's end: the line may hold a mapping entry. */
const MAYBE_ENTRY = /:(?:\s|$)/;

/** Characters a plain scalar or key cannot start with in block context (YAML 1.2, 7.3.3). */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/**
 * The offsets of the first document of `text[from, to)`, `from` being the start of the line of its
 * first node; undefined when the lines are not plain block YAML this reader is sure of. Given
 * `wanted`, a tree of the paths asked for, it fills in the offsets of those nodes only and returns
 * it: a document's other nodes cost no memory, and the lines inside a node off those paths are not
 * read (nor judged: YAML outside the plain block style there does not stop the scan).
 */
export function blockDocumentOffsets(text: string, from: number, to: number, wanted?: NodeOffsets): DocumentOffsets | undefined {
  const root = wanted ?? emptyNode();
  const child = wanted ? wantedChild : childNode;
  const stack: Frame[] = [];
  let pending: Pending | undefined;
  /** A block scalar's lines are skipped while they are indented more than this (or blank). */
  let blockScalarIndent = -1;
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd === -1 || lineEnd > to) lineEnd = to;
    const next = lineEnd + 1;
    let indent = 0;
    while (lineStart + indent < lineEnd && text.charCodeAt(lineStart + indent) === 32) indent++;
    const at = lineStart + indent;
    // Given the paths wanted, a node off them is read past unread: its lines are those indented more than its key or dash.
    const unread = wanted ? unwantedFrom(stack, pending) : -1;
    // Blank lines, comments and block scalar lines among them are read past as they would be anyway. An
    // unwanted key whose value is read past stays pending: the next line read, at its column or left of
    // it, settles it as an empty value.
    if (unread >= 0 && indent > unread) {
      lineStart = next;
      continue;
    }
    // The line without its indent and without the CR of a CRLF ending.
    const rest = text.slice(at, lineEnd > at && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd);
    if (blockScalarIndent >= 0) {
      if (rest === "" || indent > blockScalarIndent) {
        lineStart = next;
        continue;
      }
      blockScalarIndent = -1;
    }
    if (rest === "" || rest.startsWith("#")) {
      lineStart = next;
      continue;
    }
    if (indent === 0 && (rest === "---" || rest.startsWith("--- ") || rest === "..." || rest.startsWith("... "))) {
      break;
    }
    const dash = rest === "-" || rest.startsWith("- ");
    // Close the blocks this line is not inside of.
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Frame;
      if (top.indent > indent || (top.kind === "seq" && top.indent === indent && !dash && !(pending && pending.indent < indent))) {
        stack.pop();
        continue;
      }
      break;
    }
    let top = stack[stack.length - 1];
    if (pending) {
      const opensSequence = dash && (indent > pending.indent || (pending.ofKey && indent === pending.indent));
      const deeper = !dash && indent > pending.indent;
      if (deeper && readKey(rest) === undefined) {
        // A scalar on the line after its key; a line that may be an entry this reader does not follow is left to the parser.
        if (MAYBE_ENTRY.test(rest)) return undefined;
        if (readValue(rest, at, pending.node) !== "line") return undefined;
        pending = undefined;
        lineStart = next;
        continue;
      }
      if (opensSequence || deeper) {
        const frame: Frame = { kind: dash ? "seq" : "map", indent, node: pending.node, index: 0, openedAt: pending.indent };
        pending.node.value = at;
        stack.push(frame);
        top = frame;
      }
      // Else nothing followed the key: an empty scalar has no position of its own, and is found at its key.
      pending = undefined;
    } else if (!top) {
      if (root.value !== undefined) return undefined;
      const frame: Frame = { kind: dash ? "seq" : "map", indent, node: root, index: 0, openedAt: -1 };
      root.value = at;
      stack.push(frame);
      top = frame;
    }
    if (!top || top.indent !== indent || (top.kind === "seq") !== dash) return undefined;
    // One line: an item (`- …`) or an entry (`key: …`), an item's content being an entry or a value.
    let column = indent;
    let content = rest;
    let frame: Frame = top;
    if (dash) {
      const item = child(frame.node, frame.index);
      frame.index++;
      const start = afterBlanks(content, 1);
      content = content.slice(start);
      column += start;
      if (content === "" || content.startsWith("#")) {
        pending = { node: item, indent, ofKey: false };
        lineStart = next;
        continue;
      }
      const entry = readKey(content);
      if (entry === undefined) {
        if (MAYBE_ENTRY.test(content)) return undefined;
        const ended = readValue(content, at + (column - indent), item);
        if (ended === undefined || (ended === "block" && next >= to)) return undefined;
        if (ended === "block") {
          item.value = next;
          blockScalarIndent = indent;
        }
        lineStart = next;
        continue;
      }
      // A mapping that starts on the item's line: its keys sit at this column.
      const nested: Frame = { kind: "map", indent: column, node: item, index: 0, openedAt: indent };
      item.value = at + (column - indent);
      stack.push(nested);
      frame = nested;
    }
    const entry = readKey(content);
    if (entry === undefined) return undefined;
    const keyAt = at + (column - indent);
    const node = child(frame.node, entry.text);
    node.key = keyAt + (entry.quoted ? 1 : 0);
    const value = content.slice(afterBlanks(content, entry.length));
    if (value === "" || value.startsWith("#")) {
      pending = { node, indent: column, ofKey: true };
      lineStart = next;
      continue;
    }
    const valueAt = keyAt + (content.length - value.length);
    const ended = readValue(value, valueAt, node);
    if (ended === undefined || (ended === "block" && next >= to)) return undefined;
    if (ended === "block") {
      node.value = next;
      blockScalarIndent = column;
    }
    lineStart = next;
  }
  // A key the document ends on is an empty scalar too: nothing to record.
  return root.value !== undefined ? root : undefined;
}

/**
 * The column of the key or dash whose value is the outermost node off the paths wanted (`UNWANTED`)
 * being read, whose lines can be read past; -1 when every node being read is wanted.
 */
function unwantedFrom(stack: readonly Frame[], pending: Pending | undefined): number {
  for (const frame of stack) if (frame.node === UNWANTED) return frame.openedAt;
  return pending?.node === UNWANTED ? pending.indent : -1;
}

/**
 * Records the offset of a value that starts on its key's or dash's line; "line" when it ends there,
 * "block" for a block scalar (its lines follow), undefined when it is not a value this reader knows.
 */
function readValue(value: string, at: number, node: NodeOffsets): "line" | "block" | undefined {
  const first = value[0];
  if (first === "|" || first === ">") {
    // Its position is the start of the line after the indicator, which the caller records.
    return /^[|>][-+0-9]*(?:\s+#.*)?\s*$/.test(value) ? "block" : undefined;
  }
  if (first === "[" || first === "{") {
    if (!/^(?:\[\]|\{\})(?:\s+#.*)?\s*$/.test(value)) return undefined;
    node.value = at;
    return "line";
  }
  if (first === '"' || first === "'") {
    const close = closingQuote(value, first);
    if (close === -1) return undefined;
    node.value = at + 1;
    return "line";
  }
  if (INDICATOR.test(value) && !/^[-?:][^\s]/.test(value)) return undefined;
  node.value = at;
  return "line";
}

/** The index of the quote that closes a quoted scalar on its line, escapes skipped; -1 when it does not close. */
function closingQuote(value: string, quote: string): number {
  for (let i = 1; i < value.length; i++) {
    const c = value[i];
    if (quote === '"' && c === "\\") {
      i++;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && value[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}
