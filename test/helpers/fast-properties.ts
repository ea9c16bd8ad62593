import { setFlagsFromString } from "node:v8";

/**
 * Whether V8 keeps an object's properties in a record of fixed shape rather than a hash table, as
 * V8's own `%HasFastProperties` says. The natives syntax is allowed only while the check runs: V8
 * compiles a function's body when it is first called, and again if it has flushed its bytecode since.
 */
export function hasFastProperties(object: object): boolean {
  setFlagsFromString("--allow-natives-syntax");
  try {
    check ??= new Function("object", "return %HasFastProperties(object)") as (object: object) => boolean;
    return check(object);
  } finally {
    setFlagsFromString("--no-allow-natives-syntax");
  }
}

let check: ((object: object) => boolean) | undefined;

/** Whether V8 gives two objects the same hidden class (map), as V8's own `%HaveSameMap` says. */
export function haveSameMap(a: object, b: object): boolean {
  setFlagsFromString("--allow-natives-syntax");
  try {
    same ??= new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;
    return same(a, b);
  } finally {
    setFlagsFromString("--no-allow-natives-syntax");
  }
}

let same: ((a: object, b: object) => boolean) | undefined;
