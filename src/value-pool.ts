/**
 * Holds equal values once. A large estate repeats itself: the same chart deployed in many regions
 * gives workloads whose facts are equal in all but where they were read, and a run keeps every
 * workload's facts from its reading to its report.
 *
 * `intern` gives back, for a value of plain objects, arrays and primitives, the first value equal to
 * it that the pool was given, frozen, and otherwise freezes the value and keeps it. Its parts are
 * held once too, so two values that differ in one field still share the rest. Equal means the same
 * own keys in the same order with equal values; -0 and NaN are told apart as `Object.is` tells them.
 * An object of another kind (a class, a Map) or with an accessor is left as it is, not held: it is
 * equal to nothing else.
 */
export class ValuePool {
  /** Each string met, by a number of its own: keys are made of these numbers, not of the strings. */
  private readonly strings = new Map<string, number>();
  /** Each value held, by its key: its kind and the tokens of its parts. */
  private readonly held = new Map<string, object>();
  /** The token of each value held, which its holders' keys are made of, and of each object left as it is. */
  private readonly tokens = new WeakMap<object, string>();

  /** The value held equal to `value`, or `value` itself, frozen and held from now on. */
  intern<T>(value: T): T {
    return this.visit(value).value as T;
  }

  /** How many values the pool holds (strings and other primitives are not counted). */
  get size(): number {
    return this.held.size;
  }

  private visit(value: unknown, depth = 0): { value: unknown; token: string } {
    if (value === null) return { value, token: "z" };
    switch (typeof value) {
      case "string":
        return { value, token: this.stringToken(value) };
      case "number":
        return { value, token: Object.is(value, -0) ? "n-0" : `n${value}` };
      case "boolean":
        return { value, token: value ? "t" : "f" };
      case "undefined":
        return { value, token: "u" };
      case "object":
        // Facts are shallow trees; a value nested deeper than any of them is left as it is.
        return depth < MAX_DEPTH ? this.visitObject(value, depth) : { value, token: this.unique() };
      default:
        // Functions, symbols and bigints are not facts: a value holding one is equal to no other.
        return { value, token: this.unique() };
    }
  }

  private visitObject(value: object, depth: number): { value: unknown; token: string } {
    const known = this.tokens.get(value);
    if (known !== undefined) return { value, token: known };
    const parts = this.partsOf(value, depth);
    if (!parts) {
      // Equal only to itself, whenever it comes again.
      const token = this.unique();
      this.tokens.set(value, token);
      return { value, token };
    }
    const existing = this.held.get(parts.key);
    if (existing !== undefined) return { value: existing, token: this.tokens.get(existing) as string };
    const own = parts.changed ? rebuilt(value, parts) : value;
    Object.freeze(own);
    const token = `o${this.held.size}`;
    this.held.set(parts.key, own);
    this.tokens.set(own, token);
    return { value: own, token };
  }

  /**
   * An array's or plain object's parts, each held, and its key; undefined for any other object, an
   * array with holes or other properties, or an object with an accessor or symbol keys.
   */
  private partsOf(value: object, depth: number): Parts | undefined {
    const isArray = Array.isArray(value);
    const prototype = Object.getPrototypeOf(value);
    if (!isArray && prototype !== Object.prototype && prototype !== null) return undefined;
    if (Object.getOwnPropertySymbols(value).length > 0) return undefined;
    const names = Object.keys(value);
    if (isArray && names.length !== value.length) return undefined;
    const values: unknown[] = new Array(names.length);
    const tokens: string[] = new Array(names.length);
    let changed = false;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const descriptor = Object.getOwnPropertyDescriptor(value, name) as PropertyDescriptor;
      if (!("value" in descriptor)) return undefined;
      const part = this.visit(descriptor.value, depth + 1);
      values[i] = part.value;
      tokens[i] = isArray ? part.token : `${this.stringToken(name)}:${part.token}`;
      if (part.value !== descriptor.value) changed = true;
    }
    // The key tells arrays from records, and records with no prototype from the others.
    const open = isArray ? "[" : prototype === null ? "{0" : "{";
    return { key: `${open}${tokens.join(",")}`, names, values, changed };
  }

  private stringToken(text: string): string {
    let number = this.strings.get(text);
    if (number === undefined) {
      number = this.strings.size;
      this.strings.set(text, number);
    }
    return `s${number}`;
  }

  private uniques = 0;

  /** A token no other value has. */
  private unique(): string {
    this.uniques += 1;
    return `x${this.uniques}`;
  }
}

/** Values nested deeper than this are not looked into. */
const MAX_DEPTH = 32;

interface Parts {
  key: string;
  names: string[];
  values: unknown[];
  /** True when a part held is another value than the one given (an equal one held before). */
  changed: boolean;
}

/** A copy of an array or a plain object with its parts replaced by those held; the copy keeps the prototype and the order of its keys. */
function rebuilt(value: object, { names, values }: Parts): object {
  if (Array.isArray(value)) return values;
  // Spread, the copy is an object of fixed shape: one given its keys one by one, by name, may be kept as a hash table.
  const copy: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.assign(Object.create(null), value) : { ...value };
  for (let i = 0; i < names.length; i++) copy[names[i] as string] = values[i];
  return copy;
}
