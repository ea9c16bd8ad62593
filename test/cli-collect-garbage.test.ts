import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { collectGarbage } from "../src/cli/collect-garbage.js";

describe("collectGarbage", () => {
  it("frees an unreachable object of the old generation at once", async () => {
    const ref = unreachableLargeObject();
    expect(ref.deref()).toBeDefined();
    // A WeakRef holds its target until the turn it was made or last read in ends.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(collectGarbage()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it("leaves no context with a gc global, the program's own or one made later", () => {
    collectGarbage();
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe("undefined");
    expect(runInNewContext("typeof gc")).toBe("undefined");
  });
});

/** Over V8's largest regular object, so it lives in the large-object space, which only a full collection frees. */
function unreachableLargeObject(): WeakRef<object> {
  return new WeakRef(new Array(1 << 15).fill(0));
}
