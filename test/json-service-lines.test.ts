import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { serviceLiner } from "../src/report/json.js";

describe("serviceLiner", () => {
  const leaf = fc.oneof(fc.string({ unit: "binary" }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const member = fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(fc.string(), leaf, { maxKeys: 3 }));

  it("writes each service as JSON.stringify does, members shared between services or not", () => {
    fc.assert(
      fc.property(
        fc.array(member, { minLength: 1, maxLength: 6 }),
        fc.array(fc.array(fc.tuple(fc.constantFrom("name", "results", "facts", "10", "__proto__"), fc.nat()), { maxLength: 6 }), {
          minLength: 1,
          maxLength: 8,
        }),
        (shared, services) => {
          const line = serviceLiner();
          for (const entries of services) {
            // Members are taken from a few values, so services share objects as a class's workloads do.
            const service: Record<string, unknown> = {};
            for (const [key, pick] of entries)
              Object.defineProperty(service, key, {
                value: shared[pick % shared.length],
                enumerable: true,
                configurable: true,
                writable: true,
              });
            expect(line(service)).toBe(JSON.stringify(service));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("keeps a shared member's text for the services after it", () => {
    const line = serviceLiner();
    const results = [{ placement: "poci", fit: "ready" }];
    const services = [0, 1, 2].map((i) => ({ name: `svc-${i}`, results, sources: [`f${i}.yaml`] }));
    expect(services.map(line)).toEqual(services.map((s) => JSON.stringify(s)));
  });
});
