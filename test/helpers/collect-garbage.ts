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
