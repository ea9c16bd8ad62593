import { describe, expect, it } from "vitest";
import { collectGarbage } from "../src/cli/collect-garbage.js";
import { MAX_PACKED, packNumbers, unpackNumbers } from "../src/packed-numbers.js";

describe("packNumbers", () => {
  it("gives back every number in order, at and around each width's bounds", () => {
    const numbers = [0, 1, 255, 256, 0xfffe, 0xffff, 0x10000, 0x10001, 2 ** 31, MAX_PACKED - 1, MAX_PACKED, 7, 0];
    expect(unpackNumbers(packNumbers(numbers))).toEqual(numbers);
    expect(unpackNumbers(packNumbers([]))).toEqual([]);
  });

  it("gives back random lists, long ones included", () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 200; round++) {
      const length = round === 0 ? 20_000 : Math.floor(random() * 40);
      const numbers = Array.from({ length }, () => {
        const width = random();
        return Math.floor(random() * (width < 0.6 ? 300 : width < 0.9 ? 0x20000 : MAX_PACKED + 1));
      });
      expect(unpackNumbers(packNumbers(numbers))).toEqual(numbers);
    }
  });

  it("takes one unit for a number below 0xffff and three for any other", () => {
    expect(packNumbers([1, 2, 0xfffe])).toHaveLength(3);
    expect(packNumbers([0xffff, 0x10000])).toHaveLength(6);
  });

  it("refuses what it cannot give back", () => {
    for (const n of [-1, 1.5, MAX_PACKED + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => packNumbers([n])).toThrow(RangeError);
    }
  });

  it("holds a workload's lines and columns in a fraction of the room of an array of them", () => {
    const heapUsed = () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    // About twenty places of a manifest's workload, past line 255 as in a chart's rendered output.
    const places = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 300 + 7 * i : 5 + (i % 9)));
    const held = (make: () => unknown): number => {
      const before = heapUsed();
      const kept = Array.from({ length: 20_000 }, make);
      const bytes = heapUsed() - before;
      expect(kept).toHaveLength(20_000);
      return bytes / kept.length;
    };
    const asArray = held(() => places.map((n) => n));
    const asPacked = held(() => packNumbers(places));
    expect(asPacked).toBeLessThan(asArray / 2.5);
  });
});
