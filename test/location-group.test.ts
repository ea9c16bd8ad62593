import { describe, expect, it } from "vitest";
import { createLocationGroup, deferLocation } from "../src/load/yaml.js";

/** A finder that counts its calls. */
function countingFinder(line: number, column: number) {
  const finder = () => {
    finder.calls++;
    return { line, column };
  };
  finder.calls = 0;
  return finder;
}

describe("deferLocation in a group", () => {
  it("finds every location of the group when the first is read, each once, and no location of another group", () => {
    const group = createLocationGroup();
    const findA = countingFinder(1, 1);
    const findB = countingFinder(7, 3);
    const findOther = countingFinder(9, 9);
    const a = deferLocation("f.yaml", findA, group);
    const b = deferLocation("f.yaml", findB, group);
    const other = deferLocation("f.yaml", findOther, createLocationGroup());
    expect([findA.calls, findB.calls, findOther.calls]).toEqual([0, 0, 0]);
    expect(a.line).toBe(1);
    expect([findA.calls, findB.calls, findOther.calls]).toEqual([1, 1, 0]);
    expect({ ...b }).toEqual({ file: "f.yaml", line: 7, column: 3 });
    expect(a.column).toBe(1);
    expect([findA.calls, findB.calls, findOther.calls]).toEqual([1, 1, 0]);
    expect(other.line).toBe(9);
  });

  it("finds a location added after the group was read when it is read itself", () => {
    const group = createLocationGroup();
    const first = deferLocation("f.yaml", countingFinder(2, 1), group);
    expect(first.line).toBe(2);
    const findLate = countingFinder(4, 5);
    const late = deferLocation("f.yaml", findLate, group);
    expect(findLate.calls).toBe(0);
    expect(late.line).toBe(4);
    expect(findLate.calls).toBe(1);
  });

  it("turns every location of the group into plain data once found, so nothing of the finder stays", () => {
    const group = createLocationGroup();
    const a = deferLocation("f.yaml", countingFinder(3, 2), group);
    const b = deferLocation("f.yaml", countingFinder(5, 1), group);
    expect(Object.getOwnPropertyDescriptor(b, "line")?.get).toBeTypeOf("function");
    expect(a.column).toBe(2);
    for (const location of [a, b]) {
      for (const key of ["line", "column"]) {
        const descriptor = Object.getOwnPropertyDescriptor(location, key);
        expect(descriptor?.get).toBeUndefined();
        expect(descriptor?.enumerable).toBe(true);
      }
    }
    expect({ ...b }).toEqual({ file: "f.yaml", line: 5, column: 1 });
  });
});
