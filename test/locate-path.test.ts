import { describe, expect, it } from "vitest";
import { deferLocation, documentIn, locateAllIn, locatePath, parseYaml } from "../src/load/yaml.js";

describe("locatePath", () => {
  it("finds paths in later documents, past comments, anchors and tags", () => {
    const text = ["a: 1", "--- &top", "kind: X", "spec:", "  b: 2", "---", "# note", "kind: Y", "spec: {c: 3}", ""].join("\n");
    expect(parseYaml(text, "f.yaml", "yaml11").ok).toBe(true);
    expect(locatePath(text, 1, ["spec", "b"])).toEqual({ line: 5, column: 6 });
    expect(locatePath(text, 2, ["spec", "c"])).toEqual({ line: 9, column: 11 });
    expect(locatePath(text, 2, ["spec", "missing"])).toEqual({ line: 9, column: 7 });
    expect(locatePath(text, 1, ["spec"], { preferKey: true })).toEqual({ line: 4, column: 1 });
    // A key is preferred only where the path ends: short of it, the value of the deepest node found answers.
    expect(locatePath(text, 2, ["spec", "missing"], { preferKey: true })).toEqual({ line: 9, column: 7 });
  });

  it("finds paths in a document that does not parse alone (a tag handle of the file)", () => {
    const text = [
      "%TAG !e! tag:example.com,2026:",
      "---",
      "a: 1",
      "...",
      "%TAG !e! tag:example.com,2026:",
      "---",
      "b: !e!thing 2",
      "",
    ].join("\n");
    expect(locatePath(text, 1, ["b"])).toEqual({ line: 7, column: 13 });
  });

  it("finds an empty value at its key, whether the document is read by its lines or parsed", () => {
    const block = ["kind: X", "spec:", "  env:", "  items:", "    -", "    - b", "  last:"].join("\n");
    const flow = ["kind: X", "spec: {env: , b: 1}", "list: [a, {c: }]", "last:"].join("\n");
    for (const text of [block, `# comment\n---\n${block}`, `${flow}\n---\n${block}`]) expect(parseYaml(text, "f.yaml").ok).toBe(true);
    expect(locatePath(block, 0, ["spec", "env"])).toEqual({ line: 3, column: 3 });
    expect(locatePath(block, 0, ["spec", "last"])).toEqual({ line: 7, column: 3 });
    // An empty item has no key: it is found at its list.
    expect(locatePath(block, 0, ["spec", "items", 0])).toEqual({ line: 5, column: 5 });
    expect(locatePath(`# comment\n---\n${block}`, 0, ["spec", "env"])).toEqual({ line: 5, column: 3 });
    expect(locatePath(flow, 0, ["spec", "env"])).toEqual({ line: 2, column: 8 });
    expect(locatePath(flow, 0, ["last"])).toEqual({ line: 4, column: 1 });
    expect(locatePath(`${flow}\n---\n${block}`, 1, ["spec", "env"])).toEqual({ line: 8, column: 3 });
  });

  it("finds paths in text never parsed before", () => {
    expect(locatePath("x: 1\n---\ny:\n  - z\n", 1, ["y", 0])).toEqual({ line: 4, column: 5 });
  });
});

describe("locateAllIn", () => {
  it("answers each document from its own scan, whether scanned before or not", () => {
    const text = ["kind: A", "spec:", "  b: 1", "---", "kind: B", "spec:", "  items:", "    - c: 2", ""].join("\n");
    expect(parseYaml(text, "f.yaml").ok).toBe(true);
    const paths = [["spec", "items", 0, "c"], ["spec", "b"], ["kind"]];
    const expected = [
      { line: 8, column: 10 },
      { line: 7, column: 3 },
      { line: 5, column: 7 },
    ];
    expect(locateAllIn(documentIn(text, 1), paths)).toEqual(expected);
    // Both documents scanned whole now: the second is answered from its scan, not the first's.
    expect(locatePath(text, 0, ["spec", "b"])).toEqual({ line: 3, column: 6 });
    expect(locatePath(text, 1, ["kind"])).toEqual({ line: 5, column: 7 });
    expect(locateAllIn(documentIn(text, 1), paths)).toEqual(expected);
  });
});

describe("deferLocation", () => {
  it("finds the position once, when it is first read, and spreads and serialises with it", () => {
    let calls = 0;
    const location = deferLocation("f.yaml", () => {
      calls++;
      return { line: 3, column: 7 };
    });
    expect(calls).toBe(0);
    expect({ ...location }).toEqual({ file: "f.yaml", line: 3, column: 7 });
    expect(JSON.parse(JSON.stringify(location))).toEqual({ file: "f.yaml", line: 3, column: 7 });
    expect(location.line).toBe(3);
    expect(calls).toBe(1);
  });
});
