import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listPlaceholders, lookupPath, renderMessage, renderPooledMessage } from "../src/engine/message.js";
import { canShareByClass } from "../src/engine/workload-class.js";
import type { CompiledMitigation, CompiledRule } from "../src/load/documents.js";

describe("renderMessage", () => {
  it("renders numbers, booleans, zero and false as written, objects as JSON, null and missing as (unknown)", () => {
    const values = { service: { n: 0, off: false, list: [1, "a"], nested: { a: 1 }, none: null, word: "x" } };
    expect(
      renderMessage(
        "{{service.n}} {{service.off}} {{service.list}} {{service.nested}} {{service.none}} {{service.gone}} {{service.word}}",
        values,
      ),
    ).toBe('0 false [1,"a"] {"a":1} (unknown) (unknown) x');
  });

  it("fills a template again from the values given each time, and keeps the text around and between placeholders", () => {
    const template = "<{{service.a}}{{service.b}}> and {{placement.c}}.";
    expect(renderMessage(template, { service: { a: 1, b: "x" }, placement: { c: true } })).toBe("<1x> and true.");
    expect(renderMessage(template, { service: { a: 2 }, placement: {} })).toBe("<2(unknown)> and (unknown).");
    expect(renderMessage("{{service.a}}", { service: { a: "only" } })).toBe("only");
    expect(renderMessage("", { service: {} })).toBe("");
  });

  it("leaves text that is not a placeholder alone", () => {
    expect(renderMessage("{{ 1bad }} {service.x} {{service.x", { service: { x: "y" } })).toBe("{{ 1bad }} {service.x} {{service.x");
  });
});

describe("listPlaceholders", () => {
  it("lists every placeholder in order, spaces trimmed, repeats kept", () => {
    expect(listPlaceholders("{{a.b}} and {{  c_d.e1 }} then {{a.b}}")).toEqual(["a.b", "c_d.e1", "a.b"]);
    expect(listPlaceholders("no placeholders")).toEqual([]);
  });
});

describe("lookupPath", () => {
  it("reads own properties along a dotted path", () => {
    expect(lookupPath({ a: { b: { c: 3 } } }, "a.b.c")).toBe(3);
    expect(lookupPath({ a: { b: null } }, "a.b")).toBeNull();
  });

  it("is undefined through null, primitives, missing keys and inherited properties", () => {
    expect(lookupPath({ a: null }, "a.b")).toBeUndefined();
    expect(lookupPath({ a: "text" }, "a.length")).toBeUndefined();
    expect(lookupPath({ a: {} }, "a.b")).toBeUndefined();
    expect(lookupPath({ a: {} }, "a.constructor")).toBeUndefined();
    expect(lookupPath({}, "__proto__")).toBeUndefined();
  });
});

/** A compiled rule whose conditions have the given sources; only the fields classing reads. */
function rule(when: string, fails: string, message = "m"): CompiledRule {
  return { when: { source: when }, fails: { source: fails }, rule: { message } } as unknown as CompiledRule;
}

function mitigation(applies: string, sets: string[] = []): CompiledMitigation {
  return { applies: { source: applies }, sets: sets.map((source) => ({ expression: { source } })) } as unknown as CompiledMitigation;
}

describe("canShareByClass", () => {
  it("is true when no condition reads a workload's name or its config files' names", () => {
    expect(
      canShareByClass([rule("has(service.deployment)", "service.deployment.replicas < 2")], [mitigation("service.oslo.workers > 1")]),
    ).toBe(true);
    expect(canShareByClass([], [])).toBe(true);
  });

  it("is false when a rule or a mitigation reads a naming fact, or a whole deployment or oslo value", () => {
    expect(canShareByClass([rule("true", 'service.deployment.name == "x"')], [])).toBe(false);
    expect(canShareByClass([rule("service.oslo.files.size() > 0", "false")], [])).toBe(false);
    expect(canShareByClass([], [mitigation("true", ["service.deployment.name"])])).toBe(false);
    expect(canShareByClass([], [mitigation('service.oslo.files.exists(f, f == "a")')])).toBe(false);
    expect(canShareByClass([rule("true", "service.deployment == {}")], [])).toBe(false);
    expect(canShareByClass([rule("true", "size(service.oslo)")], [])).toBe(false);
    expect(canShareByClass([rule("true", "service.deployment")], [])).toBe(false);
  });
});

describe("renderPooledMessage", () => {
  const value = fc.oneof(
    fc.constantFrom("10.0.0.11", "1", "", "(unknown)"),
    fc.integer({ min: -2, max: 2 }),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(fc.constantFrom("a", "b"), { maxLength: 2 }),
  );
  const facts = fc.record({ a: value, b: value, nested: fc.record({ c: value }) }, { requiredKeys: [] });
  const template = fc.constantFrom(
    "fixed text",
    "{{service.a}}",
    "<{{service.a}}|{{placement.b}}>",
    "{{service.nested.c}} then {{service.a}} and {{placement.nested.c}}",
    "{{service.missing.deeper}} {{placement.a}}",
  );

  it("renders what renderMessage renders, one text for equal texts, whatever came before", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(template, facts, facts), { minLength: 1, maxLength: 30 }), (renderings) => {
        const pool = new Map<string, string>();
        const seen = new Map<string, string>();
        for (const [text, service, placement] of renderings) {
          const values = { service, placement };
          const pooled = renderPooledMessage(pool, text, values);
          expect(pooled).toBe(renderMessage(text, values));
          expect(pool.get(pooled)).toBe(pooled);
          const before = seen.get(pooled);
          if (before !== undefined) expect(Object.is(before, pooled)).toBe(true);
          seen.set(pooled, pooled);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("finds a text by the values it shows, not by the first values of its template", () => {
    const pool = new Map<string, string>();
    const template = "{{service.a}} and {{service.b}}";
    expect(renderPooledMessage(pool, template, { service: { a: "x", b: 1 } })).toBe("x and 1");
    expect(renderPooledMessage(pool, template, { service: { a: "x", b: 2 } })).toBe("x and 2");
    expect(renderPooledMessage(pool, template, { service: { a: "y", b: 1 } })).toBe("y and 1");
    expect(renderPooledMessage(pool, "{{service.b}} and {{service.a}}", { service: { a: "x", b: 1 } })).toBe("1 and x");
  });
});
