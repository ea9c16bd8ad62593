import { describe, expect, it } from "vitest";
import { appendAll } from "../src/append-all.js";

describe("appendAll", () => {
  it("appends a million items in order, where spreading them into push overflows the stack", () => {
    const items = Array.from({ length: 1_000_000 }, (_, i) => i);
    expect(() => [].push(...(items as never[]))).toThrow(RangeError);
    const target = [-1];
    appendAll(target, items);
    expect(target.length).toBe(1_000_001);
    expect([target[0], target[1], target[1_000_000]]).toEqual([-1, 0, 999_999]);
  });
});
