import { describe, expect, it } from "vitest";
import { TextCache } from "../src/load/text-cache.js";

describe("TextCache", () => {
  it("keeps at most its number of entries, letting the one set first go first", () => {
    const cache = new TextCache<number>(2, 1000);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, 3]);
    expect(cache.size).toBe(2);
  });

  it("keeps at most its units of text, letting as many of the first go as the new text needs", () => {
    const cache = new TextCache<string>(10, 10);
    cache.set("aaaa", "a");
    cache.set("bbbb", "b");
    expect(cache.heldUnits).toBe(8);
    cache.set("cccccc", "c");
    expect([cache.get("aaaa"), cache.get("bbbb"), cache.get("cccccc")]).toEqual([undefined, "b", "c"]);
    expect(cache.heldUnits).toBe(10);
    cache.set("dddddddd", "d");
    expect([cache.get("bbbb"), cache.get("cccccc"), cache.get("dddddddd")]).toEqual([undefined, undefined, "d"]);
    expect(cache.heldUnits).toBe(8);
  });

  it("does not keep a text larger than its bound, and keeps what it held", () => {
    const cache = new TextCache<number>(10, 5);
    cache.set("abc", 1);
    cache.set("abcdef", 2);
    expect([cache.get("abc"), cache.get("abcdef")]).toEqual([1, undefined]);
    expect(cache.heldUnits).toBe(3);
    // A text of just the bound is kept, alone.
    cache.set("vwxyz", 3);
    expect([cache.get("abc"), cache.get("vwxyz")]).toEqual([undefined, 3]);
    expect(cache.heldUnits).toBe(5);
  });

  it("replaces the value of a text it holds without counting the text again", () => {
    const cache = new TextCache<number>(2, 6);
    cache.set("abc", 1);
    cache.set("abc", 2);
    expect(cache.get("abc")).toBe(2);
    expect(cache.heldUnits).toBe(3);
    expect(cache.size).toBe(1);
    cache.set("xyz", 3);
    expect([cache.get("abc"), cache.get("xyz")]).toEqual([2, 3]);
  });
});
