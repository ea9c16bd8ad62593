import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** V8's full collection, as `--expose-gc` offers it; undefined until first asked for, null where V8 offers none. */
let fullCollection: (() => void) | null | undefined;

/**
 * Collects the whole heap now, and says whether it could. V8 offers a full collection only to
 * contexts made while `--expose-gc` is set: the flag is set just long enough to make one such
 * context, so no other context (the program's own included) gains a `gc` global.
 */
export function collectGarbage(): boolean {
  if (fullCollection === undefined) {
    setFlagsFromString("--expose-gc");
    try {
      const found: unknown = runInNewContext("typeof gc === 'function' ? gc : null");
      fullCollection = typeof found === "function" ? (found as () => void) : null;
    } finally {
      setFlagsFromString("--no-expose-gc");
    }
  }
  if (fullCollection === null) return false;
  fullCollection();
  return true;
}
