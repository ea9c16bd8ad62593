import { setFlagsFromString } from "node:v8";

/**
 * Whether V8 keeps an object's properties in a record of fixed shape rather than a hash table, as
 * V8's own `%HasFastProperties` says. The natives syntax is allowed only while the check is compiled.
 */
export function hasFastProperties(object: object): boolean {
  return check(object);
}

const check: (object: object) => boolean = (() => {
  setFlagsFromString("--allow-natives-syntax");
  try {
    return new Function("object", "return %HasFastProperties(object)") as (object: object) => boolean;
  } finally {
    setFlagsFromString("--no-allow-natives-syntax");
  }
})();
