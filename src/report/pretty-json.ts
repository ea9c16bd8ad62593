/**
 * `JSON.stringify(value, null, 2)` made piece by piece, so that a large value (the waves of an
 * estate name every workload twice) is never one string, nor split from one. The pieces join to
 * exactly the text `JSON.stringify` gives, `toJSON` and left-out values included.
 */

/** One level of indent. */
const STEP = "  ";

/** A list or record of at most this many plain values is stringified whole, as one piece. */
const WHOLE_ENTRIES = 64;

/**
 * The pieces of `value` laid out at `indent`: its first line where it stands, its later lines
 * indented by `indent` and more. `value` is as `JSON.stringify` would see it (`toJSON` already
 * applied, see `jsonValueOf`), and not one it leaves out (undefined, a function, a symbol).
 */
export function* prettyPieces(value: unknown, indent = ""): Generator<string> {
  if (value === null || typeof value !== "object" || isBoxed(value)) {
    yield JSON.stringify(value);
    return;
  }
  if (isFlat(value)) {
    const text = JSON.stringify(value, null, 2);
    yield indent === "" ? text : text.replaceAll("\n", `\n${indent}`);
    return;
  }
  const inner = indent + STEP;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? "[" : ","}\n${inner}`;
      const item = jsonValueOf(value[i], String(i));
      // A list writes what a record would leave out as null.
      if (isLeftOut(item)) yield "null";
      else yield* prettyPieces(item, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  let opened = false;
  for (const key of Object.keys(value)) {
    const entry = jsonValueOf((value as Record<string, unknown>)[key], key);
    if (isLeftOut(entry)) continue;
    yield `${opened ? "," : "{"}\n${inner}${JSON.stringify(key)}: `;
    opened = true;
    yield* prettyPieces(entry, inner);
  }
  yield opened ? `\n${indent}}` : "{}";
}

/** A value as `JSON.stringify` sees it under `key`: what its `toJSON`, if it has one, gives. */
export function jsonValueOf(value: unknown, key: string): unknown {
  if (value !== null && (typeof value === "object" || typeof value === "bigint")) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return toJSON.call(value, key);
  }
  return value;
}

/** True for what `JSON.stringify` leaves out of a record (and writes as null in a list). */
export function isLeftOut(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** Number, String and Boolean objects, which `JSON.stringify` writes as their primitive values. */
function isBoxed(value: object): boolean {
  return value instanceof Number || value instanceof String || value instanceof Boolean;
}

/** A short list or record of strings, numbers, booleans and nulls only: stringified whole. */
function isFlat(value: object): boolean {
  const values = Array.isArray(value) ? value : Object.values(value);
  if (values.length > WHOLE_ENTRIES) return false;
  if (!Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  for (const item of values) {
    if (item !== null && typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean") return false;
  }
  return true;
}
