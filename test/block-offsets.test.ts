import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark's generator is plain JavaScript.
import { generateEstate } from "../bench/generate.mjs";
import { blockDocumentOffsets, type DocumentOffsets, offsetEntries } from "../src/load/block-offsets.js";
import { documentLines, parsedDocumentOffsets, parseYaml } from "../src/load/yaml.js";
import { ROOT, tempDir } from "./helpers/cli.js";

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** The shared corpus of real deployment files, beside the repository (absent where it is not checked out). */
const CORPUS = join(ROOT, "..", "shared", "corpus");

const read = (dir: string) => yamlFiles(dir).map((file) => ({ file, text: readFileSync(file, "utf8") }));

const sorted = (offsets: DocumentOffsets | undefined) =>
  offsets && [...offsetEntries(offsets)].map((entry) => JSON.stringify(entry)).sort();

/** For every document of the texts: whether the line reader answered, and any document where it disagrees with the parser. */
function compare(texts: readonly { file: string; text: string }[]) {
  let answered = 0;
  let documents = 0;
  const disagreements: string[] = [];
  for (const { file, text } of texts) {
    const parsed = parseYaml(text, file);
    if (!parsed.ok) continue;
    for (const { index } of parsed.documents) {
      const lines = documentLines(parsed.text, index);
      if (!lines) continue;
      documents++;
      const fast = blockDocumentOffsets(parsed.text, lines.from, lines.to);
      if (!fast) continue;
      answered++;
      const slow = parsedDocumentOffsets(parsed.text, lines.from, lines.to);
      if (JSON.stringify(sorted(fast)) !== JSON.stringify(sorted(slow))) disagreements.push(`${file}#${index}`);
    }
  }
  return { answered, documents, disagreements };
}

describe("blockDocumentOffsets", () => {
  it("gives the parser's offsets for every document of the fixtures and the rules it answers for", () => {
    const result = compare([...read(join(ROOT, "fixtures")), ...read(join(ROOT, "rules"))]);
    expect(result.disagreements).toEqual([]);
    expect(result.answered).toBeGreaterThan(100);
  });

  it.skipIf(!existsSync(CORPUS))("gives the parser's offsets for the shared corpus, and answers for nearly all of its manifests", () => {
    expect(compare(read(CORPUS)).disagreements).toEqual([]);
    const manifests = compare(read(join(CORPUS, "k8s")));
    expect(manifests.answered / manifests.documents).toBeGreaterThan(0.9);
  });

  it("answers for nearly every document shaped like helm output, as the parser does", () => {
    const dir = tempDir("block-offsets-");
    generateEstate(dir, 60);
    const result = compare(read(dir));
    expect(result.disagreements).toEqual([]);
    expect(result.answered / result.documents).toBeGreaterThan(0.95);
  });

  const cases: Record<string, string> = {
    "nested maps and sequences": "a: 1\nb:\n  c: x\n  d:\n  - 1\n  - k: v\n    k2: v2\n  -\n  e: []\n  f: {}\nz: end\n",
    "quoted values and keys": '"q k": \'v\'\nb: "x # y"\nc: \'it\'\'s\'\nd: "a\\"b"\n',
    "block scalars": "a: |\n  one\n\n  two\nb: >-\n  folded\nc:\n- |\n  item\n- x\n",
    "comments everywhere": "# head\na: 1 # one\n  # indented comment\nb:\n  # before\n  c: 2\n",
    "empty values": "a:\nb:\n  c:\n  d:\ne:\n",
    "a sequence at the root": "- a\n- b: 1\n  c: 2\n-\n- d\n",
    "values with colons and dashes": "url: http://x:80/a\nneg: -1\nopt: --flag\nweird: a:b\n",
    "document end": "a: 1\n---\nb: 2\n",
    "windows line ends": "a: 1\r\nb:\r\n  c: 2\r\n",
    "values on the line after their key": "a:\n  one\nb:\n    []\nc:\n  - x\n",
    "deeper item maps": 'spec:\n  containers:\n    - name: a\n      env:\n        - name: X\n          value: "1"\n    - name: b\n',
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`agrees with the parser on ${name}`, () => {
      const result = compare([{ file: name, text }]);
      expect(result.disagreements).toEqual([]);
      expect(result.answered).toBeGreaterThan(0);
    });
  }

  const outside: Record<string, string> = {
    anchors: "a: &x 1\nb: *x\n",
    tags: "a: !!str 1\n",
    "flow collections": "a: [1, 2]\n",
    "plain scalars over lines": "a: one\n  two\n",
    "plain scalars over lines after the key's line": "a:\n  one\n   two\n",
    "quoted scalars over lines": 'a: "one\n  two"\n',
    "complex keys": "? a\n: 1\n",
    "escapes in quoted keys": '"a\\\\": 1\n',
    "tabs after a key": "a:\t1\n",
    "a flow mapping for a document": "{a: 1, b: 2}\n",
    "sequences in sequences": "- - a\n  - b\n",
  };

  for (const [name, text] of Object.entries(outside)) {
    it(`leaves ${name} to the parser`, () => {
      const lines = documentLines(text, 0);
      expect(lines).toBeDefined();
      expect(blockDocumentOffsets(text, lines?.from ?? 0, lines?.to ?? 0)).toBeUndefined();
    });
  }
});

describe("blockDocumentOffsets for some paths", () => {
  /** A tree of the paths wanted, as `locateAllIn` builds it. */
  function wantedTree(paths: readonly (string | number)[][]): DocumentOffsets {
    const root: DocumentOffsets = { value: undefined, key: undefined, children: undefined };
    for (const path of paths) {
      let node = root;
      for (const segment of path) {
        node.children ??= new Map();
        let next = node.children.get(segment);
        if (!next) {
          next = { value: undefined, key: undefined, children: undefined };
          node.children.set(segment, next);
        }
        node = next;
      }
    }
    return root;
  }

  // What it cannot read sits only inside nodes off the paths: an anchor and alias, a flow mapping over lines, a plain scalar over lines.
  const text = [
    "kind: Deployment",
    "metadata:",
    "  labels: &labels",
    "    app: a",
    "  annotations: {a: 1,",
    "    b: 2}",
    "spec:",
    "  template:",
    "    metadata:",
    "      labels: *labels",
    "      note: one",
    "        two",
    "    spec:",
    "      containers:",
    "        - name: a",
    "          image: x:1",
    "      hostNetwork: true",
    "",
  ].join("\n");

  it("reads past the lines of nodes off them, and finds those on them where the parser does", () => {
    const lines = documentLines(text, 0) ?? { from: 0, to: 0 };
    expect(parseYaml(text, "f.yaml").ok).toBe(true);
    expect(blockDocumentOffsets(text, lines.from, lines.to)).toBeUndefined();
    const paths = [["kind"], ["spec", "template", "spec", "containers", 0, "image"], ["spec", "template", "spec", "hostNetwork"]];
    const found = blockDocumentOffsets(text, lines.from, lines.to, wantedTree(paths));
    const parsed = parsedDocumentOffsets(text, lines.from, lines.to);
    expect(found).toBeDefined();
    const onPaths = (offsets: DocumentOffsets | undefined) =>
      [...offsetEntries(offsets as DocumentOffsets)].filter((e) => paths.some((p) => JSON.stringify(p) === JSON.stringify(e.path)));
    expect(onPaths(found)).toEqual(onPaths(parsed));
    expect(onPaths(found).length).toBe(3);
  });

  it("still leaves to the parser what it cannot read on the paths", () => {
    const lines = documentLines(text, 0) ?? { from: 0, to: 0 };
    expect(blockDocumentOffsets(text, lines.from, lines.to, wantedTree([["spec", "template", "metadata", "note"]]))).toBeUndefined();
  });
});
