import { MAX_FILE_BYTES } from "./files.js";

/**
 * A map keyed by file texts, bounded both in entries and in the UTF-16 units of the texts it holds:
 * its keys keep their texts alive, so a few large files must not be held as if they were many small
 * ones. The entry set first goes first; a text larger than the whole bound is not kept.
 */
export class TextCache<V> {
  private readonly entries = new Map<string, V>();
  private units = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxUnits: number,
  ) {}

  get(text: string): V | undefined {
    return this.entries.get(text);
  }

  set(text: string, value: V): void {
    if (this.entries.has(text)) {
      this.entries.set(text, value);
      return;
    }
    if (text.length > this.maxUnits) return;
    while (this.entries.size >= this.maxEntries || this.units + text.length > this.maxUnits) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.units -= oldest.length;
    }
    this.entries.set(text, value);
    this.units += text.length;
  }

  /** Lets go of every text and value. */
  clear(): void {
    this.entries.clear();
    this.units = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The UTF-16 units of the texts held. */
  get heldUnits(): number {
    return this.units;
  }
}

/**
 * The most UTF-16 units of text each of the locators' caches holds: two of the largest input files
 * (a file's UTF-8 bytes decode to no more units than bytes).
 */
export const TEXT_CACHE_UNITS = 2 * MAX_FILE_BYTES;
