import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fc, test } from "@fast-check/vitest";
import { CORE_SCHEMA, EVENT_ID, loadAll, mergeTag, parseEvents, type Schema, YAML11_SCHEMA } from "js-yaml";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark's generator is plain JavaScript.
import { generateEstate } from "../bench/generate.mjs";
import { afterBlanks, readBlockYaml } from "../src/load/block-yaml.js";
import { ROOT, tempDir } from "./helpers/cli.js";
import { nodeOf, writeDocument } from "./helpers/generated-yaml.js";

const SCHEMAS: Record<string, Schema> = { core: CORE_SCHEMA.withTags(mergeTag), yaml11: YAML11_SCHEMA.withTags(mergeTag) };
const LIMITS = { maxDepth: 64, maxNodes: 2_000_000 };

/** What js-yaml's loadAll gives, or "error". */
function jsYaml(text: string, schema: Schema): unknown[] | "error" {
  try {
    return loadAll(text, { schema });
  } catch {
    return "error";
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** For every file and schema: whether the reader answered, and any file where it answered otherwise than js-yaml. */
function compare(files: readonly string[]) {
  let answered = 0;
  let documents = 0;
  let answeredDocuments = 0;
  const disagreements: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const [name, schema] of Object.entries(SCHEMAS)) {
      const expected = jsYaml(text, schema);
      const read = readBlockYaml(text, schema, LIMITS);
      const count = expected === "error" ? 0 : expected.length;
      documents += count;
      if (!read) continue;
      answered++;
      answeredDocuments += count;
      try {
        expect(read.documents).toStrictEqual(expected);
      } catch {
        disagreements.push(`${file} (${name})`);
      }
    }
  }
  return { answered, documents, answeredDocuments, disagreements };
}

const CORPUS = join(ROOT, "..", "shared", "corpus");

describe("readBlockYaml", () => {
  it("gives js-yaml's documents for the fixtures and rules it answers for", () => {
    const result = compare(["fixtures", "rules"].flatMap((dir) => yamlFiles(join(ROOT, dir))));
    expect(result.disagreements).toEqual([]);
    expect(result.answered).toBeGreaterThan(300);
  });

  it.skipIf(!existsSync(CORPUS))("gives js-yaml's documents for the shared corpus, and answers for most of its manifests", () => {
    expect(compare(yamlFiles(CORPUS)).disagreements).toEqual([]);
    const manifests = compare(yamlFiles(join(CORPUS, "k8s")));
    expect(manifests.answeredDocuments / manifests.documents).toBeGreaterThan(0.6);
  });

  it("answers for every file shaped like helm output, with js-yaml's documents", () => {
    const dir = tempDir("block-yaml-");
    generateEstate(dir, 60);
    const result = compare(yamlFiles(dir));
    expect(result.disagreements).toEqual([]);
    expect(result.answeredDocuments).toBe(result.documents);
  });

  const cases: Record<string, string> = {
    "no document": "",
    "only a comment": "# c\n",
    "an empty explicit document": "---\n",
    "two empty documents": "---\n---\n",
    "a document then an empty one": "a: 1\n---\n",
    "a document end marker": "a: 1\n...\n",
    "an end marker then a document": "...\n---\na: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "markers with comments": "--- # first\na: 1\n... # end\n---\nb: 2\n",
    "no final line break": "a: 1\nb: [x]",
    "nested maps and sequences": "a: 1\nb:\n  c: x\n  d:\n  - 1\n  - k: v\n    k2: v2\n  -\n  e: []\n  f: {}\nz: end\n",
    "a sequence at the root": "- a\n- b: 1\n  c: 2\n-\n- d\n",
    "quoted values and keys": "\"q k\": 'v'\nb: \"x # y\"\nc: 'it''s'\n'd': \"\"\n",
    "values with colons, dashes and hashes": "url: http://x:80/a\nneg: -1\nopt: --flag\nweird: a:b\nhash: a#b\nc: x # comment\n",
    "values on the line after their key": "a:\n  one\nb:\n    []\nc:\n  - x\nd:\n  null\n",
    "empty values": "a:\nb:\n  c:\n  d:\ne:\n",
    "YAML 1.1 and 1.2 scalars":
      "a: yes\nb: on\nc: 0755\nd: 0o17\ne: 1e3\nf: .inf\ng: ~\nh: Null\ni: 2026-12-01\nj: 0x1F\nk: 1_000\nl: +12\nm: .5\n",
    "keys the schema resolves": "1: a\ntrue: b\nnull: c\n0x10: d\nyes: e\n~: f\n1.50: g\n",
    "literal block scalars": "a: |\n  one\n\n  two\n\n\nb: |-\n  x\n  y\nc: |\n\n  lead\nd: |\n  x\n    more\n   \ne: |\nf: 1\n",
    "literal block scalars in sequences": "- |\n  x\n- a: |\n    y\n  b: 2\n- |-\n  z\n",
    "a literal block scalar at the end of the text": "a: |\n  foo",
    "folded block scalars": "a: >\n  one\n  two\n\n  three\n\n\n  four\nb: >-\n  x\n  y\nc: >\n\n  lead\n",
    "flow collections of scalars": "a: [x, 'y z', \"w\", 1, true]\nb: { port: 80, name: http, url: http://h:1/p }\nc: [ ]\nd: { }\n",
    "comments everywhere": "# head\na: 1 # one\n  # indented comment\nb:\n  # before\n  c: 2\n",
  };

  for (const [name, text] of Object.entries(cases)) {
    it(`gives js-yaml's documents for ${name}`, () => {
      for (const schema of Object.values(SCHEMAS)) {
        const expected = jsYaml(text, schema);
        const read = readBlockYaml(text, schema, LIMITS);
        if (expected === "error") expect(read).toBeUndefined();
        else {
          expect(read).toBeDefined();
          expect(read?.documents).toStrictEqual(expected);
        }
      }
    });
  }

  it("notes where each document's first node starts, as js-yaml's events do, -1 for an empty one", () => {
    const text = "# c\n---\n---\n  # x\nkind: A\n---\n- b\n";
    const fromEvents: number[] = [];
    let awaiting = false;
    for (const event of parseEvents(text, {})) {
      if (event.type === EVENT_ID.DOCUMENT) {
        fromEvents.push(-1);
        awaiting = true;
      } else if (awaiting) {
        awaiting = false;
        if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) fromEvents[fromEvents.length - 1] = event.start;
      }
    }
    expect(fromEvents).toEqual([-1, 18, 30]);
    expect(readBlockYaml(text, SCHEMAS.core as Schema, LIMITS)?.starts).toEqual(fromEvents);
  });

  const outside: Record<string, string> = {
    anchors: "a: &x 1\nb: *x\n",
    tags: "a: !!str 1\n",
    "nested flow collections": "a: [1, [2]]\n",
    "flow mappings with an empty value": "a: { b: }\n",
    "a comma before the closing bracket": "a: [1, 2, ]\n",
    "flow collections over lines": "a: [1,\n  2]\n",
    "plain scalars over lines": "a: one\n  two\n",
    "plain scalars over lines after the key's line": "a:\n  one\n  two\n",
    "quoted scalars over lines": 'a: "one\n  two"\n',
    "escapes in double quotes": 'a: "x\\ty"\n',
    "complex keys": "? a\n: 1\n",
    "escapes in quoted keys": '"a\\\\": 1\n',
    tabs: "a:\t1\n",
    "carriage returns": "a: 1\r\nb: 2\r\n",
    "duplicate keys": "a: 1\na: 2\n",
    "keys that resolve to the same name": "1: a\n01: b\n",
    "merge keys": "a: &b {x: 1}\nc:\n  <<: *b\n",
    "kept trailing lines": "a: |+\n  x\n\n",
    "indentation indicators": "a: |2\n   x\n",
    "more indented folded lines": "a: >\n  x\n    y\n",
    "blank lines only in a block scalar": "a: |\n\n\nb: 1\n",
    "a leading blank line deeper than the text": "a: |\n     \n  x\n",
    directives: "%YAML 1.2\n---\na: 1\n",
    "content after the end marker": "a: 1\n...\nb: 2\n",
    "a scalar document": "--- text\n",
    "a byte order mark": "\uFEFFa: 1\n",
    "a control character": "a: \u0007\n",
    __proto__: "__proto__: 1\n",
    "a mapping value on a key's line": "a: b: c\n",
    "a root indented": "  a: 1\n",
    "bad indentation": "a:\n    b: 1\n  c: 2\n",
    "sequences in sequences": "- - a\n  - b\n",
  };

  for (const [name, text] of Object.entries(outside)) {
    it(`leaves ${name} to js-yaml`, () => {
      expect(readBlockYaml(text, SCHEMAS.core as Schema, LIMITS)).toBeUndefined();
    });
  }

  it("leaves to js-yaml what is nested deeper or holds more nodes than the limits", () => {
    const deep = `${Array.from({ length: 70 }, (_, i) => `${" ".repeat(i * 2)}k:`).join("\n")} 1\n`;
    expect(readBlockYaml(deep, SCHEMAS.core as Schema, LIMITS)).toBeUndefined();
    expect(readBlockYaml(deep, SCHEMAS.core as Schema, { maxDepth: 100, maxNodes: 1000 })).toBeDefined();
    const wide = `${Array.from({ length: 50 }, (_, i) => `k${i}: ${i}`).join("\n")}\n`;
    expect(readBlockYaml(wide, SCHEMAS.core as Schema, { maxDepth: 64, maxNodes: 40 })).toBeUndefined();
    expect(readBlockYaml(wide, SCHEMAS.core as Schema, { maxDepth: 64, maxNodes: 60 })?.nodes).toBe(51);
  });
});

describe("readBlockYaml on generated block YAML", () => {
  test.prop([nodeOf.node, fc.boolean(), fc.constantFrom("core", "yaml11")], { numRuns: 400 })(
    "gives js-yaml's documents whenever it answers",
    (node, comment, schemaName) => {
      const schema = SCHEMAS[schemaName] as Schema;
      const text = writeDocument(node, false, comment);
      const read = readBlockYaml(text, schema, LIMITS);
      if (read) expect(read.documents).toStrictEqual(jsYaml(text, schema));
    },
  );

  test.prop([nodeOf.node, fc.nat(), fc.constantFrom(" ", "-", ":", "#", "'", '"', "\n", "|", "x", "[", "{", ",", "")], { numRuns: 600 })(
    "never answers for a text js-yaml refuses, and gives its documents when it answers, with a character changed",
    (node, at, character) => {
      const text = writeDocument(node, false, false);
      const cut = at % (text.length + 1);
      const changed = text.slice(0, cut) + character + text.slice(cut + 1);
      const expected = jsYaml(changed, SCHEMAS.core as Schema);
      const read = readBlockYaml(changed, SCHEMAS.core as Schema, LIMITS);
      if (expected === "error") expect(read).toBeUndefined();
      else if (read) expect(read.documents).toStrictEqual(expected);
    },
  );

  it("answers for most generated documents, so the properties above are not kept by giving up", () => {
    const texts = fc.sample(nodeOf.node, { numRuns: 300, seed: 42 }).map((node) => writeDocument(node, false, false));
    const valid = texts.filter((text) => jsYaml(text, SCHEMAS.core as Schema) !== "error");
    expect(valid.length).toBeGreaterThan(150);
    expect(valid.filter((text) => readBlockYaml(text, SCHEMAS.core as Schema, LIMITS)).length / valid.length).toBeGreaterThan(0.4);
  });
});

describe("afterBlanks", () => {
  it("skips what trimStart trims, Unicode spaces and line terminators included, from any start", () => {
    const blanks = [
      " ",
      "\t",
      "\n",
      "\r",
      "\v",
      "\f",
      "\u00a0",
      "\u1680",
      "\u2000",
      "\u200a",
      "\u2028",
      "\u2029",
      "\u202f",
      "\u205f",
      "\u3000",
      "\ufeff",
    ];
    const others = ["a", "#", ":", "-", "\u200b", "\u0085", "\u180e", "é", "\ud83d\ude00"];
    const text = fc.array(fc.constantFrom(...blanks, ...others), { maxLength: 12 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(text, fc.nat(14), (line, from) => {
        const start = Math.min(from, line.length);
        expect(line.slice(afterBlanks(line, start))).toBe(line.slice(start).trimStart());
      }),
    );
  });
});
