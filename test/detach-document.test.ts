import { existsSync, readFileSync } from "node:fs";
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { offsetEntries } from "../src/load/block-offsets.js";
import { listFiles } from "../src/load/files.js";
import {
  type DocumentSource,
  detachDocument,
  documentIn,
  documentLines,
  locateIn,
  locatePath,
  parsedDocumentOffsets,
  parseYaml,
} from "../src/load/yaml.js";
import { nodeOf, writeDocument } from "./helpers/generated-yaml.js";

/** Every node path of document `docIndex`, and paths it lacks under each (below a scalar, past a list's end, an absent key). */
function pathsOf(text: string, docIndex: number): PropertyKey[][] {
  const at = documentLines(text, docIndex);
  const offsets = at && parsedDocumentOffsets(text, at.from, at.to);
  const present = offsets ? [...offsetEntries(offsets)].map((entry) => entry.path) : [];
  return [
    [],
    ...present,
    ...present.flatMap((path) => [
      [...path, "absent"],
      [...path, 99],
    ]),
    ["absent"],
  ];
}

/** The positions of `paths` in the whole text and in the detached document, as values and as keys. */
function bothWays(text: string, docIndex: number, paths: readonly PropertyKey[][], source: DocumentSource) {
  const whole = paths.flatMap((path) => [locatePath(text, docIndex, path), locatePath(text, docIndex, path, { preferKey: true })]);
  const detached = paths.flatMap((path) => [locateIn(source, path), locateIn(source, path, { preferKey: true })]);
  return { whole, detached };
}

/** The documents of a YAML text, by index, as parsing keeps them (empty ones dropped). */
function documentIndexes(text: string): number[] {
  const parsed = parseYaml(text, "t.yaml", "yaml11");
  return parsed.ok ? parsed.documents.map((d) => d.index) : [];
}

describe("detachDocument", () => {
  it("keeps only the document's own lines, and finds every path where the whole text has it", () => {
    const text = [
      "# a chart's output",
      "---",
      "# Source: a/templates/service.yaml",
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: a, labels: {app: a}}",
      "spec:",
      "  ports:",
      "    - port: 80",
      "---",
      "",
      "--- &top",
      "kind: ConfigMap",
      "data:",
      "  a.conf: |",
      "    [DEFAULT]",
      "    debug = true",
      "...",
      "--- |",
      "  a scalar document",
      "---\r",
      "kind: PodDisruptionBudget\r",
      "spec:\r",
      "  minAvailable: 1\r",
      "",
    ].join("\n");
    const indexes = documentIndexes(text);
    expect(indexes.length).toBe(4);
    for (const docIndex of indexes) {
      const source = detachDocument(documentIn(text, docIndex));
      expect(source.detached).toBe(true);
      expect(source.text.length).toBeLessThan(text.length / 2);
      const { whole, detached } = bothWays(text, docIndex, pathsOf(text, docIndex), source);
      expect(detached).toEqual(whole);
    }
    const configMap = detachDocument(documentIn(text, indexes[1] as number));
    expect(locateIn(configMap, ["data", "a.conf"], { preferKey: true })).toEqual({ line: 15, column: 3 });
    // A block scalar's value starts on the line after its key.
    expect(locateIn(configMap, ["data", "a.conf"])).toEqual({ line: 16, column: 1 });
  });

  it("keeps a text with directives whole, as its documents may need them to parse", () => {
    const text = ["%YAML 1.1", "%TAG !k! tag:yaml.org,2002:", "---", "kind: !k!str Deployment", "spec:", "  replicas: 2", ""].join("\n");
    expect(documentIndexes(text)).toEqual([0]);
    const source = detachDocument(documentIn(text, 0));
    expect(source).toEqual(documentIn(text, 0));
    expect(locateIn(source, ["spec", "replicas"])).toEqual({ line: 6, column: 13 });
  });

  it("tells each text's directives apart when documents of several texts are detached in turn", () => {
    const plain = "a: 1\n---\nb: 2\n";
    const directed = `%YAML 1.1\n---\n${plain}`;
    documentIndexes(plain);
    documentIndexes(directed);
    const order = [plain, directed, directed, plain, directed];
    expect(order.map((text) => detachDocument(documentIn(text, 1)).detached)).toEqual([true, false, false, true, false]);
  });

  it("puts every path of an empty document at 1:1, as the whole text does", () => {
    const text = "a: 1\n---\n# nothing\n---\nb: 2\n";
    const source = detachDocument(documentIn(text, 1));
    expect(source).toEqual({ text: "", docIndex: 0, lineOffset: 0, detached: true });
    expect(locateIn(source, ["x"])).toEqual(locatePath(text, 1, ["x"]));
  });

  it("detaches a document once: a detached one comes back as it is", () => {
    const text = "a: 1\n---\nb:\n  c: 2\n";
    documentIndexes(text);
    const once = detachDocument(documentIn(text, 1));
    expect(detachDocument(once)).toBe(once);
    expect(locateIn(once, ["b", "c"])).toEqual({ line: 4, column: 6 });
  });

  let run = 0;
  test.prop([fc.array(fc.tuple(nodeOf.node, fc.boolean()), { minLength: 1, maxLength: 4 }), fc.boolean()], { numRuns: 200 })(
    "finds each path of generated multi-document texts where the whole text has it",
    (documents, crlf) => {
      const eol = crlf ? "\r\n" : "\n";
      // A text of its own each run, so no scan of an earlier run answers for it.
      const text = `# run ${run++}${eol}${documents.map(([node, comment]) => writeDocument(node, crlf, comment)).join(`${eol}---${eol}`)}`;
      for (const docIndex of documentIndexes(text)) {
        const { whole, detached } = bothWays(text, docIndex, pathsOf(text, docIndex), detachDocument(documentIn(text, docIndex)));
        expect(detached).toEqual(whole);
      }
    },
  );
});

const CORPUS = "../shared/corpus";

describe.skipIf(!existsSync(CORPUS))(`detachDocument on the shared corpus at ${CORPUS} (skipped when absent)`, () => {
  it("finds every path of every document of every YAML file where the whole text has it", () => {
    const files = listFiles([CORPUS], process.cwd()).files.filter((f) => /\.ya?ml$/i.test(f));
    let compared = 0;
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const docIndex of documentIndexes(text)) {
        const { whole, detached } = bothWays(text, docIndex, pathsOf(text, docIndex), detachDocument(documentIn(text, docIndex)));
        expect(detached, `${file} document ${docIndex}`).toEqual(whole);
        compared += whole.length;
      }
    }
    expect(compared).toBeGreaterThan(10_000);
  });
});
