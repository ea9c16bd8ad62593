/**
 * Copies of strings cut from a file's text that no longer hold that text. V8 keeps a substring of
 * 13 characters or more as a view into the string it was cut from, so a name or an image read from
 * a manifest, kept in a workload's facts, would keep the whole file's text alive to the end of the
 * run. Facts are detached once read; the texts can then go.
 */

/** Strings shorter than this are copied by V8 when cut, never kept as views. */
const MIN_VIEW_LENGTH = 13;

/**
 * A copy of `text` that holds no other string. V8 stores the name of an object's property as a flat
 * string of its own (one per distinct name), so the key made from `text` is that copy; equal
 * strings detached come back as the same string.
 */
export function detachString(text: string): string {
  if (text.length < MIN_VIEW_LENGTH) return text;
  const holder: Record<string, true> = Object.create(null);
  holder[text] = true;
  return Object.keys(holder)[0] as string;
}

/**
 * A copy of a longer text, such as a document's lines, that holds no other string. Unlike
 * `detachString`, equal texts are not made one: property names are hashed whole, which is slow
 * for kilobytes. The UTF-16 units are copied as they are, lone surrogates included.
 */
export function copyText(text: string): string {
  return Buffer.from(text, "utf16le").toString("utf16le");
}

/**
 * Replaces, in place, every string inside plain objects and arrays with its detached copy, and
 * returns the value (a string's copy for a string). Accessor properties, such as a location whose
 * line is found when first read, are left alone and not read; frozen objects are left as they are.
 * An array inside an object or array is replaced by a copy of its own length, and an array given is
 * returned as one: an array filled by `push` keeps room for more (a list of two held 192 bytes, its
 * copy 72), and read facts are kept to the end of the run.
 */
export function detachStrings<T>(value: T): T {
  if (typeof value === "string") return detachString(value) as T;
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = detachStrings(value[i]);
    return value.slice() as T;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const property = Object.getOwnPropertyDescriptor(record, key);
    // An accessor's descriptor has no `writable`: it is skipped unread.
    if (!property?.writable) continue;
    // Always written back: a detached string equals the one it replaces, so comparing them tells nothing.
    record[key] = detachStrings(property.value);
  }
  return value;
}
