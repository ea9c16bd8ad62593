import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { blockDocumentOffsets, type DocumentOffsets, offsetEntries } from "../src/load/block-offsets.js";
import { documentLines, parsedDocumentOffsets, parseYaml } from "../src/load/yaml.js";

/** A generated block YAML node: a mapping, a sequence, or a scalar written one of several ways. */
type Node =
  | { kind: "map"; entries: { key: string; value: Node }[] }
  | { kind: "seq"; items: Node[]; compact: boolean }
  | { kind: "scalar"; text: string }
  | { kind: "block"; indicator: string; lines: string[] }
  | { kind: "empty" };

const word = fc.constantFrom("a", "name", "image", "x1", "k.v/x", "on", "10", "-1", "http://h:80/p", "a:b", "--flag", "?q");
const key = fc.oneof(
  fc.constantFrom("a", "b", "name", "app.kubernetes.io/name", "x y", "1"),
  fc.constantFrom('"q k"', "'s k'", '"a\\"b"', '"a\\\\"', "'it''s'"),
);
const scalar = fc.oneof(
  word,
  word.map((w) => `${w} # note`),
  fc.constantFrom('"dq # not a comment"', '"esc \\" quote"', "'sq ''x'''", '""', "''", "[]", "{}", "[] # empty", "null", "~"),
);

const nodeOf = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar.map((text): Node => ({ kind: "scalar", text })),
    fc.constant<Node>({ kind: "empty" }),
    fc
      .record({
        indicator: fc.constantFrom("|", "|-", ">", ">-", "|+", "|2", "| # c"),
        lines: fc.array(word, { minLength: 1, maxLength: 3 }),
      })
      .map((b): Node => ({ kind: "block", ...b })),
    fc
      .uniqueArray(fc.record({ key, value: tie("node") }), { minLength: 1, maxLength: 3, selector: (e) => e.key })
      .map((entries): Node => ({ kind: "map", entries })),
    fc
      .record({ items: fc.array(tie("node"), { minLength: 1, maxLength: 3 }), compact: fc.boolean() })
      .map((s): Node => ({ kind: "seq", ...s })),
  ),
}));

/**
 * Writes a node after `lead` (a key and its colon, a dash, or nothing for the document), its
 * entries or items at column `at`, as block YAML lines.
 */
function write(node: Node, lead: string, at: number, out: string[], comment: boolean): void {
  const pad = " ".repeat(at);
  const open = () => {
    if (lead.trim() !== "") out.push(lead);
    if (comment) out.push(`${pad}# a comment`);
  };
  if (node.kind === "scalar") out.push(`${lead} ${node.text}`);
  else if (node.kind === "empty") out.push(lead);
  else if (node.kind === "block") {
    out.push(`${lead} ${node.indicator}`);
    for (const line of node.lines) out.push(`${pad}${line}`);
  } else if (node.kind === "map") {
    open();
    for (const { key, value } of node.entries) write(value, `${pad}${key}:`, at + 2, out, false);
  } else {
    open();
    // A sequence under a key may sit at the key's own column.
    const column = node.compact && lead.endsWith(":") ? Math.max(0, at - 2) : at;
    const dash = " ".repeat(column);
    for (const item of node.items) {
      if (item.kind === "map") {
        const [first, ...rest] = item.entries;
        if (!first) continue;
        // A mapping that starts on the dash's line, its keys two columns in.
        write(first.value, `${dash}- ${first.key}:`, column + 4, out, false);
        for (const { key, value } of rest) write(value, `${dash}  ${key}:`, column + 4, out, false);
      } else if (item.kind === "seq") out.push(`${dash}- - x`);
      else write(item, `${dash}-`, column + 2, out, false);
    }
  }
}

function sorted(offsets: DocumentOffsets | undefined) {
  return offsets && [...offsetEntries(offsets)].map((entry) => JSON.stringify(entry)).sort();
}

/** The generated document's text, and both readers' offsets for it; undefined when it is not YAML js-yaml reads. */
function readBoth(node: Node, crlf: boolean, comment: boolean) {
  const root: Node = node.kind === "map" || node.kind === "seq" ? node : { kind: "map", entries: [{ key: "root", value: node }] };
  const lines: string[] = [];
  write(root, "", 0, lines, comment);
  const text = `${lines.map((l) => l.trimEnd()).join(crlf ? "\r\n" : "\n")}\n`;
  const parsed = parseYaml(text, "generated.yaml");
  if (!parsed.ok || parsed.documents.length === 0) return undefined;
  const at = documentLines(parsed.text, parsed.documents[0]?.index ?? 0);
  if (!at) return undefined;
  return { fast: blockDocumentOffsets(parsed.text, at.from, at.to), parsed: parsedDocumentOffsets(parsed.text, at.from, at.to) };
}

describe("blockDocumentOffsets on generated block YAML", () => {
  test.prop([nodeOf.node, fc.boolean(), fc.boolean()], { numRuns: 400 })(
    "gives the parser's offsets whenever it answers",
    (node, crlf, comment) => {
      const both = readBoth(node, crlf, comment);
      if (both?.fast) expect(sorted(both.fast)).toEqual(sorted(both.parsed));
    },
  );

  it("answers for most generated documents, so the property above is not kept by giving up", () => {
    const read = fc.sample(nodeOf.node, { numRuns: 300, seed: 42 }).map((node) => readBoth(node, false, false));
    const valid = read.filter((both) => both !== undefined);
    expect(valid.length).toBeGreaterThan(150);
    expect(valid.filter((both) => both.fast).length / valid.length).toBeGreaterThan(0.5);
  });
});
