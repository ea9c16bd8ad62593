import { isDeferredLocation } from "../load/yaml.js";
import type { SourceLocation } from "../model/facts.js";
import { packNumbers, unpackNumbers } from "../packed-numbers.js";
import { mix, type ValuePool } from "../value-pool.js";

/**
 * A record of places (`deployment.replicas` to a file, line and column) packed. A workload's facts
 * cite about twenty places under forty to seventy keys; as a record of place objects that is over a
 * kilobyte, and a run holds one per workload from its reading to its assessment. Packed, the keys,
 * which place each key names and the files are lists held once for the run's pool (`HeldLists`:
 * workloads of one chart, or of one file, share them), and the lines and columns are one string
 * (`packNumbers`). A place found only when it is read (`isDeferredLocation`) is kept as it is.
 */
export interface PackedPlaces {
  readonly keys: readonly string[];
  /** For each key, its place: from 0 among the packed ones, from -1 down among `deferred`. */
  readonly order: readonly number[];
  readonly files: readonly string[];
  /** File index, line and column of each packed place. */
  readonly lines: string;
  readonly deferred: readonly SourceLocation[] | undefined;
}

/** The record packed; places that are one object are packed once. */
export function packPlaces(record: Record<string, SourceLocation>, pool: ValuePool): PackedPlaces {
  const keys = Object.keys(record);
  const distinct = new Map<SourceLocation, number>();
  const files = new Map<string, number>();
  const order = new Array<number>(keys.length);
  const numbers: number[] = [];
  const deferred: SourceLocation[] = [];
  for (let i = 0; i < keys.length; i++) {
    const place = record[keys[i] as string] as SourceLocation;
    let at = distinct.get(place);
    if (at === undefined) {
      if (isDeferredLocation(place)) {
        deferred.push(place);
        at = -deferred.length;
      } else {
        let file = files.get(place.file);
        if (file === undefined) {
          file = files.size;
          files.set(place.file, file);
        }
        at = numbers.length / 3;
        numbers.push(file, place.line, place.column);
      }
      distinct.set(place, at);
    }
    order[i] = at;
  }
  const lists = listsOf(pool);
  return {
    keys: lists.held(keys),
    order: lists.held(order),
    files: lists.held([...files.keys()]),
    lines: packNumbers(numbers),
    deferred: deferred.length > 0 ? deferred : undefined,
  };
}

/**
 * The lists of a pool's packed places, each held once, frozen. A record's keys and order repeat for
 * every workload of one shape, and its files for every workload of one file. A list is found by a
 * hash of its items' tokens (a string's is the pool's `tokenOf`, a number is its own) and then
 * compared item by item, so no text is made of it: that is cheaper than `ValuePool.intern`, which
 * visits each item as a value of its own. Equal lists are one list, whichever field they were given for.
 */
export class HeldLists {
  /** The first list held with each hash (`firsts`), and in `collided` the others. */
  private readonly firsts = new Map<number, readonly (string | number)[]>();
  private readonly collided = new Map<number, (readonly (string | number)[])[]>();

  /** `pool` gives the strings their tokens. */
  constructor(private readonly pool: ValuePool) {}

  held<T extends string | number>(list: T[]): readonly T[] {
    let hash = list.length;
    for (const item of list) hash = mix(hash, typeof item === "number" ? item : this.pool.tokenOf(item));
    const first = this.firsts.get(hash);
    if (first === undefined) {
      this.firsts.set(hash, Object.freeze(list));
      return list;
    }
    if (sameItems(first, list)) return first as readonly T[];
    const others = this.collided.get(hash);
    const known = others?.find((other) => sameItems(other, list));
    if (known !== undefined) return known as readonly T[];
    if (others) others.push(Object.freeze(list));
    else this.collided.set(hash, [Object.freeze(list)]);
    return list;
  }
}

function sameItems(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const heldLists = new WeakMap<ValuePool, HeldLists>();

function listsOf(pool: ValuePool): HeldLists {
  let lists = heldLists.get(pool);
  if (!lists) {
    lists = new HeldLists(pool);
    heldLists.set(pool, lists);
  }
  return lists;
}

/** The record packed, every key in order; places packed as one object are one object again. */
export function unpackPlaces({ keys, order, files, lines, deferred }: PackedPlaces): Record<string, SourceLocation> {
  const numbers = unpackNumbers(lines);
  const places: SourceLocation[] = [];
  for (let i = 0; i < numbers.length; i += 3) {
    places.push({ file: files[numbers[i] as number] as string, line: numbers[i + 1] as number, column: numbers[i + 2] as number });
  }
  const record: Record<string, SourceLocation> = {};
  for (let i = 0; i < keys.length; i++) {
    const at = order[i] as number;
    record[keys[i] as string] = (at >= 0 ? places[at] : deferred?.[-1 - at]) as SourceLocation;
  }
  return record;
}

/** Where a holder of packed places keeps them, out of sight of spreading, serialising and comparing. */
const PACKED = Symbol("packed places");

interface PackedHolder {
  locations: Record<string, SourceLocation>;
  [PACKED]: PackedPlaces;
}

/**
 * The `locations` of a holder whose places are packed: an own, enumerable property read through
 * these two functions, the same for every holder, by which `packedPlacesOf` knows one. Reading it
 * unpacks a record of its own each time: a reader that reads it often spreads the holder first
 * (`withPlacesUnpacked`). Writing it replaces the packed places with the record written.
 */
const PACKED_LOCATIONS: PropertyDescriptor = {
  get(this: PackedHolder) {
    return unpackPlaces(this[PACKED]);
  },
  set(this: PackedHolder, record: Record<string, SourceLocation>) {
    Object.defineProperty(this, "locations", { value: record, writable: true, enumerable: true, configurable: true });
  },
  enumerable: true,
  configurable: true,
};

/**
 * `holder` given `locations`, held as `places` packed. Everything that reads `locations` sees the
 * record, in order; a change made to a record read is not kept, so places are packed once complete.
 */
export function holdPlacesPacked<T extends object>(holder: T, places: PackedPlaces): T & { locations: Record<string, SourceLocation> } {
  Object.defineProperty(holder, "locations", PACKED_LOCATIONS);
  Object.defineProperty(holder, PACKED, { value: places, writable: false, enumerable: false, configurable: true });
  return holder as T & { locations: Record<string, SourceLocation> };
}

/** The packed places of a holder made by `holdPlacesPacked`, if it is one and they were not written since. */
export function packedPlacesOf(holder: object): PackedPlaces | undefined {
  const descriptor = Object.getOwnPropertyDescriptor(holder, "locations");
  return descriptor?.get === PACKED_LOCATIONS.get ? (holder as PackedHolder)[PACKED] : undefined;
}

/** `holder` with its places unpacked once into a property of its own, for a reader that reads them often; `holder` itself when they are not packed. */
export function withPlacesUnpacked<T extends object>(holder: T): T {
  return packedPlacesOf(holder) ? { ...holder } : holder;
}

/** The place a holder's `locations` give `key`, found in its packed places without unpacking the rest. */
export function placeOf(holder: { locations: Record<string, SourceLocation> }, key: string): SourceLocation | undefined {
  const packed = packedPlacesOf(holder);
  if (!packed) return holder.locations[key];
  const i = packed.keys.indexOf(key);
  if (i < 0) return undefined;
  const at = packed.order[i] as number;
  if (at < 0) return packed.deferred?.[-1 - at];
  const numbers = unpackNumbers(packed.lines);
  return {
    file: packed.files[numbers[3 * at] as number] as string,
    line: numbers[3 * at + 1] as number,
    column: numbers[3 * at + 2] as number,
  };
}
