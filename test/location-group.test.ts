import { describe, expect, it } from "vitest";
import { createLocationGroup, deferLocation, deferLocationIn, type LocationGroup } from "../src/load/yaml.js";
import { collectUntilGone } from "./helpers/collect-garbage.js";

/** A group whose places are `[line, column]` paths, answered as they are, with the path lists it was asked for. */
function recordingGroup(): { group: LocationGroup; asked: PropertyKey[][][] } {
  const asked: PropertyKey[][][] = [];
  const group = createLocationGroup((paths) => {
    asked.push(paths.map((path) => [...path]));
    return paths.map(([line, column]) => ({ line: Number(line), column: Number(column) }));
  });
  return { group, asked };
}

describe("deferLocationIn", () => {
  it("finds every pending location of the group in one call when the first is read, and no location of another group", () => {
    const { group, asked } = recordingGroup();
    const other = recordingGroup();
    const a = deferLocationIn(group, "f.yaml", [1, 1]);
    const b = deferLocationIn(group, "f.yaml", [7, 3]);
    const elsewhere = deferLocationIn(other.group, "f.yaml", [9, 9]);
    expect(asked).toEqual([]);
    expect(a.line).toBe(1);
    expect(asked).toEqual([
      [
        [1, 1],
        [7, 3],
      ],
    ]);
    expect({ ...b }).toEqual({ file: "f.yaml", line: 7, column: 3 });
    expect(JSON.parse(JSON.stringify(a))).toEqual({ file: "f.yaml", line: 1, column: 1 });
    expect(asked).toHaveLength(1);
    expect(other.asked).toEqual([]);
    expect(elsewhere.column).toBe(9);
  });

  it("finds a location added after the group was read on its own, when it is read", () => {
    const { group, asked } = recordingGroup();
    expect(deferLocationIn(group, "f.yaml", [2, 1]).line).toBe(2);
    const late = deferLocationIn(group, "f.yaml", [4, 5]);
    expect(asked).toHaveLength(1);
    expect(late.column).toBe(5);
    expect(asked).toEqual([[[2, 1]], [[4, 5]]]);
  });
});

describe("a deferred location's cost", () => {
  it("holds no closure of its own: every deferred location reads its line and column through the same two getters", () => {
    const { group } = recordingGroup();
    const locations = [
      deferLocationIn(group, "f.yaml", [1, 2]),
      deferLocationIn(group, "g.yaml", [3, 4]),
      deferLocation("h.yaml", () => ({ line: 5, column: 6 })),
    ];
    const getters = (key: string) => new Set(locations.map((location) => Object.getOwnPropertyDescriptor(location, key)?.get));
    for (const key of ["line", "column"]) {
      expect(getters(key).size).toBe(1);
      expect([...getters(key)][0]).toBeTypeOf("function");
    }
    expect(Object.keys(locations[2] as object)).toEqual(["file", "line", "column"]);
  });

  it("lets its finder go once found, and the group's document with it", async () => {
    // Made in a function of its own, so the test holds the finders by weak references only.
    const { location, grouped, finders } = (() => {
      const find = () => ({ line: 3, column: 7 });
      const locate = (paths: readonly (readonly PropertyKey[])[]) => paths.map(() => ({ line: 8, column: 2 }));
      const group = createLocationGroup(locate);
      return {
        location: deferLocation("f.yaml", find),
        grouped: deferLocationIn(group, "f.yaml", ["spec"]),
        finders: [new WeakRef(find), new WeakRef(locate)],
      };
    })();
    expect({ ...location }).toEqual({ file: "f.yaml", line: 3, column: 7 });
    expect({ ...grouped }).toEqual({ file: "f.yaml", line: 8, column: 2 });
    await collectUntilGone(finders);
    expect(finders.map((ref) => ref.deref())).toEqual([undefined, undefined]);
    expect(grouped.line).toBe(8);
  });
});
