/** How many numbers each chunk of a `Column` holds. */
const CHUNK = 1 << 16;

/**
 * A column of whole numbers that grows as they are added, a chunk of typed array at a time: nothing
 * is copied as it grows, and no more than a chunk is held beyond its numbers.
 */
export class Column<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array> {
  private readonly chunks: T[] = [];
  length = 0;

  constructor(private readonly make: (size: number) => T) {}

  push(value: number): void {
    const offset = this.length % CHUNK;
    if (offset === 0) this.chunks.push(this.make(CHUNK));
    (this.chunks[this.chunks.length - 1] as T)[offset] = value;
    this.length++;
  }

  at(index: number): number {
    return (this.chunks[Math.floor(index / CHUNK)] as T)[index % CHUNK] as number;
  }
}

/**
 * A column of whole numbers that are mostly below 0xffff (a line's bytes, say): two bytes apiece,
 * and those at or above it kept aside by index.
 */
export class ShortColumn {
  private readonly shorts = new Column((n) => new Uint16Array(n));
  private readonly wide = new Map<number, number>();

  get length(): number {
    return this.shorts.length;
  }

  push(value: number): void {
    if (value >= WIDE) this.wide.set(this.shorts.length, value);
    this.shorts.push(Math.min(value, WIDE));
  }

  at(index: number): number {
    const value = this.shorts.at(index);
    return value === WIDE ? (this.wide.get(index) as number) : value;
  }
}

/** Where a `ShortColumn` keeps a number aside. */
const WIDE = 0xffff;
