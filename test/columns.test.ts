import { describe, expect, it } from "vitest";
import { Column, ShortColumn } from "../src/report/columns.js";

describe("Column", () => {
  it("gives back each number pushed, across chunks", () => {
    const column = new Column((n) => new Uint32Array(n));
    const values = Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 4_000_000);
    for (const value of values) column.push(value);
    expect(column.length).toBe(values.length);
    for (const i of [0, 1, 65_535, 65_536, 131_071, 131_072, 199_999]) expect(column.at(i)).toBe(values[i]);
  });
});

describe("ShortColumn", () => {
  it("gives back numbers on both sides of two bytes, the bound itself included", () => {
    const column = new ShortColumn();
    const values = [0, 1, 0xfffe, 0xffff, 0x10000, 2 ** 32 + 5, 17, 0xffff];
    for (const value of values) column.push(value);
    expect(column.length).toBe(values.length);
    expect(values.map((_, i) => column.at(i))).toEqual(values);
  });

  it("keeps aside only the numbers that do not fit two bytes", () => {
    const column = new ShortColumn();
    for (let i = 0; i < 100_000; i++) column.push(i % 1000 === 0 ? 70_000 + i : i % 60_000);
    const aside = (column as unknown as { wide: Map<number, number> }).wide;
    expect(aside.size).toBe(100);
    expect(column.at(1000)).toBe(71_000);
    expect(column.at(1001)).toBe(1001);
    expect(column.at(99_999)).toBe(99_999 % 60_000);
  });
});
