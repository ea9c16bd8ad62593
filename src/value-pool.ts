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
  /** Each string met, by a number of its own that hashes are made of, rather than of the strings. */
  private readonly strings = new Map<string, number>();
  /**
   * Each value held, by the hash of its kind and the tokens of its parts: the first with that hash,
   * and in `collided` the others. A value is found by comparing its parts, already held, with
   * theirs, so no key need be kept, and a hash two values share only costs a comparison.
   */
  private readonly held = new Map<number, object>();
  private readonly collided = new Map<number, object[]>();
  private count = 0;
  /** The token of each value held, which its holders' hashes are made of, and of each object left as it is. */
  private readonly tokens = new WeakMap<object, number>();
  private nextToken = FIRST_OBJECT_TOKEN;
  /** The value the last `visit` gave: the one held in the place of the value visited, or that value. */
  private visited: unknown;

  /** The value held equal to `value`, or `value` itself, frozen and held from now on. */
  intern<T>(value: T): T {
    this.visit(value, 0);
    return this.visited as T;
  }

  /** How many values the pool holds (strings and other primitives are not counted). */
  get size(): number {
    return this.count;
  }

  /**
   * The token of `value`, and in `visited` the value to keep in its place. Tokens and the value are
   * given apart, not as a pair: a workload's facts are hundreds of values, visited for every workload.
   */
  private visit(value: unknown, depth: number): number {
    this.visited = value;
    if (value === null) return NULL_TOKEN;
    switch (typeof value) {
      case "string":
        return this.tokenOf(value);
      case "number":
        // Equal tokens need not mean equal values: values are compared before one is taken for another.
        return Number.isInteger(value) ? value | 0 : this.tokenOf(String(value));
      case "boolean":
        return value ? TRUE_TOKEN : FALSE_TOKEN;
      case "undefined":
        return UNDEFINED_TOKEN;
      case "object":
        // Facts are shallow trees; a value nested deeper than any of them is left as it is.
        return depth < MAX_DEPTH ? this.visitObject(value, depth) : this.unique();
      default:
        // Functions, symbols and bigints are not facts: a value holding one is equal to no other.
        return this.unique();
    }
  }

  private visitObject(value: object, depth: number): number {
    const known = this.tokens.get(value);
    if (known !== undefined) return known;
    const parts = this.partsOf(value, depth);
    if (!parts) {
      // Equal only to itself, whenever it comes again.
      const token = this.unique();
      this.tokens.set(value, token);
      this.visited = value;
      return token;
    }
    const first = this.held.get(parts.hash);
    if (first !== undefined) {
      const equal = hasParts(first, parts) ? first : this.collided.get(parts.hash)?.find((other) => hasParts(other, parts));
      if (equal !== undefined) {
        this.visited = equal;
        return this.tokens.get(equal) as number;
      }
    }
    const own = parts.changed ? rebuilt(value, parts) : value;
    Object.freeze(own);
    const token = this.unique();
    if (first === undefined) this.held.set(parts.hash, own);
    else {
      const others = this.collided.get(parts.hash);
      if (others) others.push(own);
      else this.collided.set(parts.hash, [own]);
    }
    this.count += 1;
    this.tokens.set(own, token);
    this.visited = own;
    return token;
  }

  /**
   * An array's or plain object's parts, each held, and its hash; undefined for any other object, an
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
    // The hash tells arrays from records, and records with no prototype from the others.
    let hash = isArray ? ARRAY_SEED : prototype === null ? BARE_RECORD_SEED : RECORD_SEED;
    let changed = false;
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      const descriptor = Object.getOwnPropertyDescriptor(value, name) as PropertyDescriptor;
      if (!("value" in descriptor)) return undefined;
      const token = this.visit(descriptor.value, depth + 1);
      values[i] = this.visited;
      if (!isArray) hash = mix(hash, this.tokenOf(name));
      hash = mix(hash, token);
      if (this.visited !== descriptor.value) changed = true;
    }
    return { hash, isArray, prototype, names, values, changed };
  }

  /** The number a string is known by in this pool's hashes, the same for every equal string. */
  tokenOf(text: string): number {
    let token = this.strings.get(text);
    if (token === undefined) {
      token = this.strings.size;
      this.strings.set(text, token);
    }
    return token;
  }

  /** A token no other object has. */
  private unique(): number {
    this.nextToken = (this.nextToken + 1) | 0;
    return this.nextToken;
  }
}

const NULL_TOKEN = -1;
const TRUE_TOKEN = -2;
const FALSE_TOKEN = -3;
const UNDEFINED_TOKEN = -4;
const FIRST_OBJECT_TOKEN = 1 << 30;
const ARRAY_SEED = 0x5bd1e995;
const RECORD_SEED = 0x1b873593;
const BARE_RECORD_SEED = 0x7feb352d;

/** One more token mixed into a hash. */
export function mix(hash: number, token: number): number {
  return (Math.imul(hash ^ token, 0x01000193) + 0x9e3779b9) | 0;
}

/** Values nested deeper than this are not looked into. */
const MAX_DEPTH = 32;

interface Parts {
  hash: number;
  isArray: boolean;
  prototype: object | null;
  names: string[];
  values: unknown[];
  /** True when a part held is another value than the one given (an equal one held before). */
  changed: boolean;
}

/**
 * True when a value held has these parts: the same kind, keys in the same order, and values that are
 * one (parts are held before their holders, so equal parts are the same value) or, as primitives, the same.
 */
function hasParts(held: object, parts: Parts): boolean {
  if (Array.isArray(held) !== parts.isArray) return false;
  const { names, values } = parts;
  if (parts.isArray) {
    const items = held as unknown[];
    if (items.length !== values.length) return false;
    for (let i = 0; i < values.length; i++) if (!Object.is(items[i], values[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(held) !== parts.prototype) return false;
  const keys = Object.keys(held);
  if (keys.length !== names.length) return false;
  const record = held as Record<string, unknown>;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (keys[i] !== name || !Object.is(record[name], values[i])) return false;
  }
  return true;
}

/** A copy of an array or a plain object with its parts replaced by those held; the copy keeps the prototype and the order of its keys. */
function rebuilt(value: object, { names, values }: Parts): object {
  if (Array.isArray(value)) return values;
  // Spread, the copy is an object of fixed shape: one given its keys one by one, by name, may be kept as a hash table.
  const copy: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.assign(Object.create(null), value) : { ...value };
  for (let i = 0; i < names.length; i++) copy[names[i] as string] = values[i];
  return copy;
}
