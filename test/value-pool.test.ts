import { describe, expect, it } from "vitest";
import { ValuePool } from "../src/value-pool.js";

describe("ValuePool", () => {
  it("gives back the first value equal to the one given, frozen", () => {
    const pool = new ValuePool();
    const first = { kind: "Deployment", images: ["nova:1", "entrypoint:1"], replicas: 3, probes: { liveness: true } };
    const second = { kind: "Deployment", images: ["nova:1", "entrypoint:1"], replicas: 3, probes: { liveness: true } };
    expect(pool.intern(first)).toBe(first);
    expect(pool.intern(second)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.images)).toBe(true);
    expect(Object.isFrozen(first.probes)).toBe(true);
    expect(pool.intern(structuredClone(second))).toBe(first);
  });

  it("keeps values that differ apart, sharing the parts they have in common", () => {
    const pool = new ValuePool();
    const hosts = () => [{ host: "rabbitmq.openstack.svc", ipLiteral: false }];
    const a = pool.intern({ myIp: "10.0.0.11", transportHosts: hosts(), files: ["region-a/nova.conf"] });
    const b = pool.intern({ myIp: "10.0.1.11", transportHosts: hosts(), files: ["region-b/nova.conf"] });
    expect(b).not.toBe(a);
    expect(b).toEqual({ myIp: "10.0.1.11", transportHosts: hosts(), files: ["region-b/nova.conf"] });
    expect(b.transportHosts).toBe(a.transportHosts);
    expect(b.files).not.toBe(a.files);
    expect(pool.size).toBe(6);
  });

  it("copies a value whose parts were held before rather than changing it, keeping its keys' order", () => {
    const pool = new ValuePool();
    const images = pool.intern(["nova:1"]);
    const given = { name: "nova-api", images: ["nova:1"], replicas: 2 };
    const held = pool.intern(given);
    expect(held).not.toBe(given);
    expect(Object.isFrozen(given)).toBe(false);
    expect(held.images).toBe(images);
    expect(Object.keys(held)).toEqual(["name", "images", "replicas"]);
    expect(JSON.stringify(held)).toBe(JSON.stringify(given));
    const frozen = Object.freeze({ images: ["nova:1"] });
    expect(pool.intern(frozen).images).toBe(images);
  });

  it.each([
    ["key order", { a: 1, b: 2 }, { b: 2, a: 1 }],
    ["a missing key and an undefined one", {}, { a: undefined }],
    ["undefined and null", { a: undefined }, { a: null }],
    ["0 and -0", { a: 0 }, { a: -0 }],
    ["a number and its text", { a: 1 }, { a: "1" }],
    ["true and its text", { a: true }, { a: "t" }],
    ["null and its text", { a: null }, { a: "null" }],
    ["an array and a record of the same entries", ["x"], { 0: "x" }],
    ["a plain record and one without a prototype", { a: 1 }, Object.assign(Object.create(null), { a: 1 })],
    ["texts that join alike", ["a,b"], ["a", "b"]],
    ["keys that join alike", { "a:b": 1 }, { a: "b" }],
    ["an empty array and an empty record", [], {}],
    ["nested and flat", [["a"]], ["a"]],
  ])("tells apart %s", (_name, one: unknown, other: unknown) => {
    const pool = new ValuePool();
    const a = pool.intern(one);
    expect(pool.intern(other)).not.toBe(a);
  });

  it("tells apart values whose parts hash alike, among a few hundred thousand", () => {
    const pool = new ValuePool();
    const values = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `w${i}`, port: i * 7 }));
    const first = values(400_000);
    const held = first.map((value) => pool.intern(value));
    expect(held.every((value, i) => value === first[i])).toBe(true);
    const again = values(400_000).map((value) => pool.intern(value));
    expect(again.every((value, i) => value === first[i])).toBe(true);
    expect(pool.size).toBe(400_000);
  });

  it("holds NaN as equal to NaN", () => {
    const pool = new ValuePool();
    const first = { a: Number.NaN };
    expect(pool.intern({ a: Number.NaN })).toBe(pool.intern(first));
  });

  it("leaves alone what is not plain data: class instances, maps, accessors, symbol keys, holes", () => {
    const pool = new ValuePool();
    class Place {
      constructor(readonly line: number) {}
    }
    const withGetter = Object.defineProperty({}, "line", { enumerable: true, get: () => 3 });
    const withSymbol = { [Symbol("s")]: 1, a: 1 };
    // biome-ignore lint/suspicious/noSparseArray: a hole is what is tested
    const holed = [1, , 3];
    for (const odd of [new Place(1), new Map([["a", 1]]), withGetter, withSymbol, holed]) {
      expect(pool.intern(odd)).toBe(odd);
      expect(Object.isFrozen(odd)).toBe(false);
    }
    // A record holding one is held, the odd part kept as it is and equal only to itself.
    const place = new Place(2);
    const holder = pool.intern({ at: place });
    expect(holder.at).toBe(place);
    expect(pool.intern({ at: new Place(2) })).not.toBe(holder);
    expect(pool.intern({ at: place })).toBe(holder);
  });

  it("keeps an own `__proto__` key as a key", () => {
    const pool = new ValuePool();
    pool.intern(["x"]);
    const given = JSON.parse('{"__proto__": ["x"], "a": 1}');
    const held = pool.intern(given);
    expect(Object.getPrototypeOf(held)).toBe(Object.prototype);
    expect(Object.keys(held)).toEqual(["__proto__", "a"]);
    expect(JSON.stringify(held)).toBe('{"__proto__":["x"],"a":1}');
  });

  it("does not look into values nested past its depth, nor loop on a value that holds itself", () => {
    const pool = new ValuePool();
    const deep = (n: number): unknown => (n === 0 ? "leaf" : { child: deep(n - 1) });
    const first = deep(100);
    const second = deep(100);
    expect(pool.intern(second)).toBe(second);
    expect(pool.intern(first)).not.toBe(second);
    const looped: Record<string, unknown> = { name: "a" };
    looped.self = looped;
    expect(pool.intern(looped)).toBe(looped);
  });
});
