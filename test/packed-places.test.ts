import { describe, expect, it } from "vitest";
import {
  HeldLists,
  holdPlacesPacked,
  packedPlacesOf,
  packPlaces,
  placeOf,
  unpackPlaces,
  withPlacesUnpacked,
} from "../src/extract/packed-places.js";
import { deferLocation, isDeferredLocation } from "../src/load/yaml.js";
import type { SourceLocation } from "../src/model/facts.js";
import { mix, ValuePool } from "../src/value-pool.js";
import { haveSameMap } from "./helpers/fast-properties.js";

/** A workload's record: places in its own file, shared under several keys, one in a budget's file and one found when read. */
function record(line: number): Record<string, SourceLocation> {
  const kind = { file: "deploy/nova.yaml", line, column: 1 };
  const replicas = { file: "deploy/nova.yaml", line: line + 6, column: 13 };
  return {
    deployment: kind,
    "deployment.kind": kind,
    "deployment.replicas": replicas,
    "deployment.minReplicas": replicas,
    "deployment.hasPdb": { file: "deploy/pdb.yaml", line: 2, column: 1 },
    "deployment.headlessService": deferLocation("deploy/service.yaml", () => ({ line: 11, column: 3 })),
    "oslo.transportUrl": { file: "deploy/nova-etc.yaml", line: 70_000, column: 5 },
  };
}

describe("packPlaces", () => {
  it("gives back every key in order, each place as it was, places that were one object one again", () => {
    const before = record(3);
    const after = unpackPlaces(packPlaces(before, new ValuePool()));
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(JSON.stringify(after)).toBe(JSON.stringify(before));
    const keys = Object.keys(before);
    for (const a of keys) for (const b of keys) expect(after[a] === after[b]).toBe(before[a] === before[b]);
    // A place found when read is kept, and not read by packing.
    expect(after["deployment.headlessService"]).toBe(before["deployment.headlessService"]);
    expect(isDeferredLocation(after["deployment.headlessService"] as SourceLocation)).toBe(true);
  });

  it("holds the keys, their order and the files once for records of one shape", () => {
    const pool = new ValuePool();
    const [a, b] = [packPlaces(record(3), pool), packPlaces(record(40), pool)];
    expect(b.keys).toBe(a.keys);
    expect(b.order).toBe(a.order);
    expect(b.files).toBe(a.files);
    expect(b.lines).not.toBe(a.lines);
    expect(unpackPlaces(b)["deployment.kind"]).toEqual({ file: "deploy/nova.yaml", line: 40, column: 1 });
  });

  it("packs an empty record", () => {
    expect(unpackPlaces(packPlaces({}, new ValuePool()))).toEqual({});
  });
});

describe("holdPlacesPacked", () => {
  it("shows its places to whatever reads, spreads, compares or serialises the holder", () => {
    const places = record(3);
    const holder = holdPlacesPacked({ service: "nova-api", deployment: { replicas: 2 } }, packPlaces(places, new ValuePool()));
    expect(Object.keys(holder)).toEqual(["service", "deployment", "locations"]);
    expect(holder).toEqual({ service: "nova-api", deployment: { replicas: 2 }, locations: places });
    expect(JSON.parse(JSON.stringify(holder)).locations).toEqual(JSON.parse(JSON.stringify(places)));
    const spread = { ...holder };
    expect(Object.getOwnPropertyDescriptor(spread, "locations")?.value).toEqual(places);
    expect(packedPlacesOf(spread)).toBeUndefined();
  });

  it("gives holders made alike one hidden class, however many", () => {
    const pool = new ValuePool();
    const holders = Array.from({ length: 30 }, (_, i) =>
      holdPlacesPacked({ service: `s${i}`, deployment: {} }, packPlaces(record(i + 1), pool)),
    );
    for (const holder of holders) expect(haveSameMap(holder, holders[0] as object)).toBe(true);
    expect(holders.map((h) => h.locations["deployment.kind"]?.line)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it("takes a record written in place of its packed places", () => {
    const holder = holdPlacesPacked({ service: "nova-api" }, packPlaces(record(3), new ValuePool()));
    const written = { "deployment.kind": { file: "other.yaml", line: 1, column: 1 } };
    holder.locations = written;
    expect(holder.locations).toBe(written);
    expect(packedPlacesOf(holder)).toBeUndefined();
    expect(Object.keys(holder)).toEqual(["service", "locations"]);
  });

  it("is unpacked once for a reader that reads its places often, and left as it is when not packed", () => {
    const packed = packPlaces(record(3), new ValuePool());
    const holder = holdPlacesPacked({ service: "nova-api" }, packed);
    expect(packedPlacesOf(holder)).toBe(packed);
    // Each read of a packed holder's places is a record of its own.
    expect(holder.locations).not.toBe(holder.locations);
    const unpacked = withPlacesUnpacked(holder);
    expect(unpacked.locations).toBe(unpacked.locations);
    expect(unpacked).toEqual(holder);
    const plain = { service: "nova-api", locations: record(3) };
    expect(withPlacesUnpacked(plain)).toBe(plain);
  });

  it("gives one place without unpacking the rest, as the record gives it", () => {
    const places = record(3);
    const holder = holdPlacesPacked({ service: "nova-api" }, packPlaces(places, new ValuePool()));
    const plain = { locations: places };
    for (const key of [...Object.keys(places), "deployment.absent"]) {
      expect(placeOf(holder, key)).toEqual(places[key]);
      expect(placeOf(plain, key)).toBe(places[key]);
    }
    expect(placeOf(holder, "deployment.headlessService")).toBe(places["deployment.headlessService"]);
  });
});

describe("HeldLists", () => {
  it("holds equal lists once, and tells apart lists whose hashes meet", () => {
    const lists = new HeldLists(new ValuePool());
    // Three lists of two numbers, made to share a hash: a list's hash mixes its length, then each item.
    const [a, b, c] = [7, 8, 9];
    const second = (first: number, of: number) => mix(2, a) ^ mix(2, first) ^ of;
    const made = [
      [a, 100],
      [b, second(b, 100)],
      [c, second(c, 100)],
    ];
    const hashOf = (list: number[]) => list.reduce(mix, list.length);
    expect(new Set(made.map(hashOf)).size).toBe(1);
    const held = made.map((list) => lists.held([...list]));
    expect(held).toEqual(made);
    for (const [i, list] of made.entries()) expect(lists.held([...list])).toBe(held[i]);
    expect(Object.isFrozen(held[0])).toBe(true);
    // A longer list that starts as a shorter one, with the same hash.
    const short = [5];
    const long = [5, mix(2, 5) ^ 1 ^ 5];
    expect(hashOf(long)).toBe(hashOf(short));
    expect(lists.held([...short])).toEqual(short);
    expect(lists.held([...long])).toEqual(long);
    expect(lists.held(["a", "b"])).toBe(lists.held(["a", "b"]));
    expect(lists.held(["a", "b"])).not.toBe(lists.held(["b", "a"]));
  });
});
