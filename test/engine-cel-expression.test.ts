import { describe, expect, it } from "vitest";
import { type CelMap, toCelValue } from "../src/engine/cel.js";
import { compileExpression, fromCelValue } from "../src/engine/cel-expression.js";

const context = (service: Record<string, unknown>, placement: Record<string, unknown> = {}) => ({
  service: toCelValue(service) as CelMap,
  placement: toCelValue(placement) as CelMap,
});

function compiled(source: string) {
  const result = compileExpression(source);
  if (!result.ok) throw new Error(`expected ${source} to compile: ${result.message}`);
  return result.expression;
}

describe("compileExpression", () => {
  it("evaluates a value expression of any type to plain data, with integers as numbers", () => {
    expect(compiled("service.shutdownSeconds + 30").evaluate(context({ shutdownSeconds: 180 }))).toEqual({ kind: "value", value: 210 });
    expect(compiled("placement.graceSeconds > 10").evaluate(context({}, { graceSeconds: 30 }))).toEqual({ kind: "value", value: true });
    expect(compiled("[service.a, 2]").evaluate(context({ a: 1 }))).toEqual({ kind: "value", value: [1, 2] });
    expect(compiled('{"grace": [service.a], "name": "x"}').evaluate(context({ a: 1 }))).toEqual({
      kind: "value",
      value: { grace: [1], name: "x" },
    });
    expect(compiled("service.name").source).toBe("service.name");
  });

  it("says which facts it reads, from the tree: fields, a macro's list, a bare root and a map read whole", () => {
    expect(compiled("service.process.startSeconds + 30").reads).toEqual(["service.process.startSeconds"]);
    expect(compiled('service.operations.map(o, o.kind == "x" ? placement.graceSeconds : 0)').reads).toEqual([
      "placement.graceSeconds",
      "service.operations",
    ]);
    expect(compiled('service.deployment["replicas"]').reads).toEqual(["service.deployment.replicas"]);
    expect(compiled("size(service)").reads).toEqual(["service"]);
    expect(compiled("service.oslo[service.name]").reads).toEqual(["service.name", "service.oslo"]);
    expect(compiled("'dns-name'").reads).toEqual([]);
  });

  it("names the fact a missing key stands for, and gives other failures as one line", () => {
    expect(compiled("service.drainSeconds + 30").evaluate(context({ shutdownSeconds: 1 }))).toEqual({
      kind: "missing",
      facts: ["drainSeconds"],
    });
    const divided = compiled("service.a / service.b").evaluate(context({ a: 1, b: 0 }));
    expect(divided.kind).toBe("error");
    expect(divided).toHaveProperty("message", expect.stringMatching(/^[^\n]+$/));
  });

  it("refuses, with the first line of the reason, what does not parse, an undeclared variable and what exceeds the limits", () => {
    for (const source of [
      "service.",
      "host.name",
      `[${Array.from({ length: 201 }, (_, i) => i).join(", ")}]`,
      `${"(".repeat(80)}1${")".repeat(80)}`,
    ]) {
      const result = compileExpression(source);
      expect(result.ok, source.slice(0, 20)).toBe(false);
      if (!result.ok) {
        expect(result.message.length).toBeGreaterThan(0);
        expect(result.message).not.toContain("\n");
      }
    }
  });
});

describe("compileExpression on user input", () => {
  it("runs matches() on RE2, which refuses what RE2 does not support, at compile time", () => {
    const refused = compileExpression('service.name.matches("(?=a)b") ? 1 : 0');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/^expected an RE2 regular expression in matches\(\)/);
    // Exponential on a backtracking engine; RE2 answers in time linear in the text.
    expect(compiled('!service.name.matches("^(a+)+$")').evaluate(context({ name: `${"a".repeat(40_000)}!` }))).toEqual({
      kind: "value",
      value: true,
    });
    expect(compiled('matches(service.name, "^ov")').evaluate(context({ name: "nova" }))).toEqual({ kind: "value", value: false });
    const mistyped = compileExpression('1.matches("a")');
    expect(mistyped.ok).toBe(false);
    if (!mistyped.ok) {
      expect(mistyped.message).toContain("matches");
      expect(mistyped.message).not.toMatch(/re2/i);
    }
  });

  it("refuses an expression over the evaluation budget, such as three nested comprehensions", () => {
    const refused = compileExpression("service.xs.map(a, service.xs.map(b, service.xs.map(c, a + b + c)))");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toMatch(/exceeds the evaluation budget/);
    expect(compiled("service.xs.map(a, service.xs.map(b, a + b))").evaluate(context({ xs: [1, 2] }))).toEqual({
      kind: "value",
      value: [
        [2, 3],
        [3, 4],
      ],
    });
  });
});

describe("fromCelValue", () => {
  it("turns BigInt into numbers and maps into plain objects, at any depth", () => {
    expect(fromCelValue(3n)).toBe(3);
    expect(fromCelValue([1n, [2n]])).toEqual([1, [2]]);
    expect(
      fromCelValue(
        new Map<unknown, unknown>([
          ["a", new Map([["b", 4n]])],
          [5n, "five"],
        ]),
      ),
    ).toEqual({ a: { b: 4 }, "5": "five" });
    expect(fromCelValue({ x: 1n, y: { z: [2n] } })).toEqual({ x: 1, y: { z: [2] } });
    expect(fromCelValue(null)).toBeNull();
    expect(fromCelValue("text")).toBe("text");
  });

  it("keeps a key named __proto__ as data, without changing the object's prototype", () => {
    for (const input of [new Map([["__proto__", new Map([["polluted", 1n]])]]), JSON.parse('{"__proto__": {"polluted": 1}}')]) {
      const out = fromCelValue(input) as Record<string, unknown>;
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
      expect(Object.keys(out)).toEqual(["__proto__"]);
      expect(Object.getOwnPropertyDescriptor(out, "__proto__")).toMatchObject({
        value: { polluted: 1 },
        enumerable: true,
        writable: true,
        configurable: true,
      });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
});
