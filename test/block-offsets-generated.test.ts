import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { blockDocumentOffsets, type DocumentOffsets, offsetEntries } from "../src/load/block-offsets.js";
import { documentIn, documentLines, locateAllIn, locatePath, parsedDocumentOffsets, parseYaml } from "../src/load/yaml.js";
import { type Node, nodeOf, writeDocument } from "./helpers/generated-yaml.js";

function sorted(offsets: DocumentOffsets | undefined) {
  return offsets && [...offsetEntries(offsets)].map((entry) => JSON.stringify(entry)).sort();
}

/** The generated document's text, and both readers' offsets for it; undefined when it is not YAML js-yaml reads. */
function readBoth(node: Node, crlf: boolean, comment: boolean) {
  const text = writeDocument(node, crlf, comment);
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

describe("locateAllIn on generated block YAML", () => {
  let run = 0;
  test.prop([nodeOf.node, fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 5 })], { numRuns: 300 })(
    "puts each path asked for, found or not, where locatePath puts it",
    (node, crlf, comment, every) => {
      // A text of its own each run, so no scan of an earlier run answers for it.
      const text = `${writeDocument(node, crlf, comment)}\n# run ${run++}\n`;
      const parsed = parseYaml(text, "generated.yaml");
      if (!parsed.ok || parsed.documents.length === 0) return;
      const at = documentLines(parsed.text, 0);
      const full = at && parsedDocumentOffsets(parsed.text, at.from, at.to);
      if (!full) return;
      // Some of the document's paths: the nodes between them are read past, not recorded.
      const present = [...offsetEntries(full)].map((entry) => entry.path).filter((_, i) => i % every === every - 1);
      // Paths the document lacks: below a scalar, past a list's end, under a key it does not have.
      const missing = present.flatMap((path) => [
        [...path, "absent"],
        [...path, 99],
        ["absent", ...path],
      ]);
      const paths = [...present, ...missing];
      const together = locateAllIn(documentIn(parsed.text, 0), paths);
      expect(together).toEqual(paths.map((path) => locatePath(parsed.text, 0, path)));
    },
  );
});
