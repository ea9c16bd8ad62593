import { setFlagsFromString } from "node:v8";

/**
 * A check written in V8's natives syntax (`%Name(...)`), run with that syntax allowed only while it
 * runs: V8 compiles a function's body when it is first called, and again if it has flushed its
 * bytecode since.
 */
function nativeCheck<A extends object[]>(params: readonly string[], body: string): (...args: A) => boolean {
  let check: ((...args: A) => boolean) | undefined;
  return (...args) => {
    setFlagsFromString("--allow-natives-syntax");
    try {
      check ??= new Function(...params, body) as (...args: A) => boolean;
      return check(...args);
    } finally {
      setFlagsFromString("--no-allow-natives-syntax");
    }
  };
}

/** Whether V8 keeps an object's properties in a record of fixed shape rather than a hash table, as V8's own `%HasFastProperties` says. */
export const hasFastProperties: (object: object) => boolean = nativeCheck(["object"], "return %HasFastProperties(object)");

/** Whether V8 gives two objects the same hidden class (map), as V8's own `%HaveSameMap` says. */
export const haveSameMap: (a: object, b: object) => boolean = nativeCheck(["a", "b"], "return %HaveSameMap(a, b)");
