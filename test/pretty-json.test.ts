import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isLeftOut, jsonValueOf, prettyPieces } from "../src/report/pretty-json.js";

/** What `prettyPieces` gives for a top-level value, joined. */
function pretty(value: unknown): string {
  return [...prettyPieces(jsonValueOf(value, ""))].join("");
}

describe("prettyPieces", () => {
  it.each([
    ["a string with quotes, a newline and a lone surrogate", 'say "hi"\nthere \ud800'],
    ["-0 and NaN", [-0, Number.NaN, Number.POSITIVE_INFINITY]],
    ["empty lists and records, nested", { a: [], b: {}, c: [[], [{}]], d: { e: {} } }],
    [
      "left-out values: undefined, functions and symbols in a record, null in a list",
      { a: undefined, b: () => 1, c: Symbol("s"), d: [undefined, () => 1, Symbol("t")] },
    ],
    ["a record with only left-out values", { a: undefined }],
    ["toJSON, on a date and on a record, given its key", { when: new Date(0), custom: { toJSON: (key: string) => ({ key }) } }],
    ["a toJSON that leaves the value out", { gone: { toJSON: () => undefined }, kept: 1 }],
    ["boxed primitives and a map", [new Number(1), new String("s"), new Boolean(false), new Map([["a", 1]])]],
    ["a key named __proto__", JSON.parse('{"__proto__": {"x": [1, {"y": 2}]}}')],
    [
      "long lists of plain values and of records",
      { names: Array.from({ length: 300 }, (_, i) => `w${i}`), rows: Array.from({ length: 80 }, (_, i) => ({ i, nested: { deep: [i] } })) },
    ],
    ["a long record", Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i % 3 === 0 ? { v: i } : i]))],
  ])("writes %s as JSON.stringify does", (_name, value) => {
    expect(pretty(value)).toBe(JSON.stringify(value, null, 2));
  });

  it("writes any JSON value as JSON.stringify does, at any indent", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.integer({ min: 0, max: 3 }), (value, depth) => {
        const indent = "  ".repeat(depth);
        const expected = (JSON.stringify(value, null, 2) as string).replaceAll("\n", `\n${indent}`);
        expect([...prettyPieces(value, indent)].join("")).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("never makes one piece of a long list", () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `cinder-api (Deployment openstack/cinder-api at region-${i}/cinder.yaml:238)`);
    const pieces = [...prettyPieces({ waves: [{ wave: 1, services: names }] })];
    expect(pieces.join("")).toBe(JSON.stringify({ waves: [{ wave: 1, services: names }] }, null, 2));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(200);
  });

  it("says which values a record leaves out", () => {
    expect([undefined, () => 1, Symbol("s")].map(isLeftOut)).toEqual([true, true, true]);
    expect([null, 0, "", false, {}].map(isLeftOut)).toEqual([false, false, false, false, false]);
  });
});
