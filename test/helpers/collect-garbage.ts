import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHeapSnapshot } from "node:v8";
import { collectGarbage } from "../../src/cli/collect-garbage.js";

export { collectGarbage };

/**
 * Collects garbage until the targets of `refs` are gone, a few times at most. A WeakRef made in a
 * turn holds its target until the turn ends, and Node ends it only once no other work is queued:
 * each collection runs in a later turn.
 */
export async function collectUntilGone(refs: readonly WeakRef<object>[]): Promise<void> {
  for (let turn = 0; turn < 10 && refs.some((ref) => ref.deref() !== undefined); turn++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    collectGarbage();
  }
}

/**
 * How many strings of the heap, once collected, hold `halves` joined; the caller keeps only the
 * halves, so each is a text something else keeps. Strings are counted as the heap holds them, a
 * copy apiece (a snapshot's table of names lists equal texts once). The snapshot is written to a
 * file and read back whole: a stream of an earlier snapshot could still hold a piece of that
 * snapshot's text.
 */
export function heldStrings(halves: readonly [string, string]): number {
  // V8 keeps the string a regular expression last matched in (RegExp.lastMatch reads it): a match here lets it go.
  if (!/x/.test("x") || !collectGarbage()) throw new Error("expected V8 to offer a full collection");
  const dir = mkdtempSync(join(tmpdir(), "blendcheck-heap-"));
  try {
    const snapshot = JSON.parse(readFileSync(writeHeapSnapshot(join(dir, "heap.heapsnapshot")), "utf8")) as HeapSnapshot;
    const fields = snapshot.snapshot.meta.node_fields;
    const type = fields.indexOf("type");
    const name = fields.indexOf("name");
    const stringType = snapshot.snapshot.meta.node_types[0].indexOf("string");
    const marker = halves.join("");
    let held = 0;
    for (let at = 0; at < snapshot.nodes.length; at += fields.length) {
      if (snapshot.nodes[at + type] === stringType && snapshot.strings[snapshot.nodes[at + name] as number]?.includes(marker)) held++;
    }
    return held;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What `heldStrings` reads of a heap snapshot. */
interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}
