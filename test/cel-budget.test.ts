import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CelMap, compileCondition, toCelValue } from "../src/engine/cel.js";

const context = (service: Record<string, unknown>) => ({ service: toCelValue(service) as CelMap, placement: {} });

function compile(source: string) {
  const result = compileCondition(source);
  if (!result.ok) throw new Error(result.message);
  return result.condition;
}

describe("matches() with RE2 semantics", () => {
  it("answers a catastrophic-backtracking pattern in linear time", () => {
    // Backtracking engines take about 2^n steps here: 26 characters is several seconds, 40 is days.
    const condition = compile('service.name.matches("^(a+)+$")');
    const started = performance.now();
    expect(condition.evaluate(context({ name: `${"a".repeat(26)}!` }))).toEqual({ kind: "value", value: false });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(condition.evaluate(context({ name: `${"a".repeat(40_000)}!` }))).toEqual({ kind: "value", value: false });
    expect(performance.now() - started).toBeLessThan(1500);
    expect(condition.evaluate(context({ name: "aaa" }))).toEqual({ kind: "value", value: true });
  });

  it("matches any substring, as CEL specifies, in both call styles", () => {
    expect(compile('service.name.matches("ov")').evaluate(context({ name: "nova" }))).toEqual({ kind: "value", value: true });
    expect(compile('matches(service.name, "^ov")').evaluate(context({ name: "nova" }))).toEqual({ kind: "value", value: false });
  });

  it("rejects a literal pattern RE2 does not support, at compile time", () => {
    const result = compileCondition('service.name.matches("(?=a)b")');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toMatch(/expected an RE2 regular expression in matches\(\)/);
      expect(result.column).toBe(22);
    }
  });

  it("runs matches() on RE2 under a unary operator too", () => {
    // The operand of `!` and `-` sits alone in the parsed tree, not in a list of arguments.
    for (const source of ['!service.name.matches("(?=a)b")', '-(service.name.matches("(?=a)b") ? 1 : 0) < 0']) {
      const result = compileCondition(source);
      expect([source, result.ok]).toEqual([source, false]);
      if (!result.ok) expect(result.message).toMatch(/expected an RE2 regular expression in matches\(\)/);
    }
    expect(compile('!service.name.matches("^(a+)+$")').evaluate(context({ name: `${"a".repeat(40_000)}!` }))).toEqual({
      kind: "value",
      value: true,
    });
  });

  it("turns an invalid pattern built from facts into an error, not an exception", () => {
    const result = compile("service.name.matches(service.pattern)").evaluate(context({ name: "a", pattern: "(a" }));
    expect(result.kind).toBe("error");
    if (result.kind === "error") expect(result.message).toMatch(/invalid RE2 regular expression/);
  });

  it("names matches() in type errors, not the internal function", () => {
    const result = compileCondition('service.count.matches("a") || 1.matches("a")');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).not.toMatch(/re2/i);
  });
});

describe("the evaluation budget", () => {
  it("lets two nested comprehensions run", () => {
    const condition = compile("service.xs.exists(x, service.ys.exists(y, x == y))");
    expect(condition.evaluate(context({ xs: [1, 2], ys: [2, 3] }))).toEqual({ kind: "value", value: true });
  });

  it("counts what sits under a unary operator: three nested comprehensions under `!` are refused too", () => {
    const result = compile("!service.xs.all(a, service.xs.all(b, service.xs.all(c, a + b + c >= 0)))").evaluate(context({ xs: [1] }));
    expect(result.kind).toBe("error");
    if (result.kind === "error") expect(result.message).toMatch(/exceeds the evaluation budget/);
  });

  it("refuses three nested comprehensions with a reason, without evaluating them", () => {
    const condition = compile("service.xs.all(a, service.xs.all(b, service.xs.all(c, a + b + c >= 0)))");
    const xs = Array.from({ length: 200 }, (_, i) => i);
    const started = performance.now();
    const result = condition.evaluate(context({ xs }));
    expect(performance.now() - started).toBeLessThan(500);
    expect(result.kind).toBe("error");
    if (result.kind === "error") expect(result.message).toMatch(/exceeds the evaluation budget/);
  });
});

describe("toCelValue", () => {
  it("converts facts nested far deeper than the call stack allows", () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100_000; i++) deep = { next: deep };
    let value = toCelValue(deep) as CelMap;
    for (let i = 0; i < 100_000; i++) value = value.next as CelMap;
    expect(value.leaf).toBe(1n);
  });

  it("keeps __proto__ as an own key and copies lists in order", () => {
    const value = toCelValue(JSON.parse('{"__proto__": {"x": 1}, "list": [1, 1.5, "a", null, true]}')) as CelMap;
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(value.list).toEqual([1n, 1.5, "a", null, true]);
  });

  it("gives what a plain recursive conversion gives, key order, __proto__ keys and left-out undefined values included", () => {
    const reference = (from: unknown): unknown => {
      if (typeof from === "number") return Number.isInteger(from) ? BigInt(from) : from;
      if (typeof from === "string" || typeof from === "boolean" || typeof from === "bigint") return from;
      if (Array.isArray(from)) return Array.from({ length: from.length }, (_, i) => (i in from ? reference(from[i]) : null));
      if (typeof from !== "object" || from === null) return null;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(from)) {
        const child = (from as Record<string, unknown>)[key];
        if (child !== undefined) Object.defineProperty(out, key, { value: reference(child), enumerable: true, writable: true });
      }
      return out;
    };
    const keys = fc.constantFrom("a", "b", "__proto__", "constructor", "0", "10", "x y");
    const leaf = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: "small" }, leaf, tie("list"), tie("map")),
      list: fc.array(tie("tree"), { maxLength: 4 }),
      map: fc.dictionary(keys, tie("tree"), { maxKeys: 4 }),
    }));
    // Every value tagged with its type, so 1 and 1n, NaN and null, -0 and 0 differ; JSON keeps own keys in order, `__proto__` too.
    const tagged = (value: unknown) =>
      JSON.stringify(value, (_key, v) =>
        typeof v === "bigint" ? `\u0000int:${v}` : typeof v === "number" ? `\u0000double:${Object.is(v, -0) ? "-0" : v}` : v,
      );
    fc.assert(
      fc.property(tree, (value) => {
        expect(tagged(toCelValue(value))).toBe(tagged(reference(value)));
      }),
      { numRuns: 500 },
    );
  });
});
