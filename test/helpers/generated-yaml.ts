import { fc } from "@fast-check/vitest";

/** A generated block YAML node: a mapping, a sequence, or a scalar written one of several ways. */
export type Node =
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
  fc.constantFrom("yes", "True", "0755", "0x1F", "1e3", ".5", "2026-12-01", "[a, 'b c', 3]", "{ k: v, n: 1 }", "[a, [b]]", "{ a: }"),
);

export const nodeOf = fc.letrec<{ node: Node }>((tie) => ({
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
export function write(node: Node, lead: string, at: number, out: string[], comment: boolean): void {
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

/** The text of a generated node written as a document of block YAML (a scalar under a key), with CRLF line ends or not. */
export function writeDocument(node: Node, crlf: boolean, comment: boolean): string {
  const root: Node = node.kind === "map" || node.kind === "seq" ? node : { kind: "map", entries: [{ key: "root", value: node }] };
  const lines: string[] = [];
  write(root, "", 0, lines, comment);
  return `${lines.map((l) => l.trimEnd()).join(crlf ? "\r\n" : "\n")}\n`;
}
