import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { sameJson } from "../src/extract/kubernetes/read-workload.js";

/** What `sameJson` stands for: the JSON of each value with every record's keys sorted. */
function sortedJson(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The same value built again, every record's keys in reverse order, with no prototype one time in two. */
function reordered(value: unknown, bare = false): unknown {
  if (Array.isArray(value)) return value.map((item) => reordered(item, !bare));
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const copy: Record<string, unknown> = bare ? Object.create(null) : {};
  for (const key of Object.keys(value).reverse()) copy[key] = reordered((value as Record<string, unknown>)[key], !bare);
  return copy;
}

const leaf = fc.oneof(
  fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -0, 0, 1, "", "1", true, false),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 2 }),
  fc.constant(new Date(0)),
);

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom("a", "b", "c", "toJSON"), tie("value"), { maxKeys: 3 }),
  ),
}));

describe("sameJson", () => {
  test.prop([value, value, fc.boolean()], { numRuns: 3000 })(
    "tells two values equal exactly when their JSON with sorted keys is",
    (a, b, same) => {
      const other = same ? reordered(a) : b;
      expect(sameJson(a, other)).toBe(sortedJson(a) === sortedJson(other));
    },
  );

  it("tells plain data apart and together in any key order, as the JSON would", () => {
    const probe = { httpGet: { path: "/healthz", port: 5000 }, periodSeconds: 10 };
    expect(sameJson(probe, { periodSeconds: 10, httpGet: { port: 5000, path: "/healthz" } })).toBe(true);
    expect(sameJson(probe, { ...probe, periodSeconds: 11 })).toBe(false);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([Number.NaN], [null])).toBe(true);
    expect(sameJson(probe, undefined)).toBe(false);
    // A key read from YAML may be any text: one record's `__proto__` is not what another inherits.
    expect(sameJson(JSON.parse('{"__proto__": {}}'), { z: 1 })).toBe(false);
  });
});
