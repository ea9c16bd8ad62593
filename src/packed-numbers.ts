/**
 * Lists of whole numbers from 0 to 2^32 - 1, such as the lines and columns of a workload's places,
 * packed into a string of UTF-16 units: a number below 0xffff is one unit, any other is the unit
 * 0xffff and two more, its high and low halves. V8 keeps a list of numbers as an array object and its
 * elements, eight bytes a number; the string is one object of one or two bytes a unit. A run holds
 * such a list for each workload from its file's reading to the end of reading every file.
 */
export function packNumbers(numbers: readonly number[]): string {
  const units: number[] = [];
  for (const n of numbers) {
    if (!Number.isInteger(n) || n < 0 || n > MAX_PACKED) throw new RangeError(`expected a whole number from 0 to ${MAX_PACKED}, got ${n}`);
    if (n < WIDE) units.push(n);
    else units.push(WIDE, Math.floor(n / HALF), n % HALF);
  }
  let packed = "";
  // In slices: a call's arguments are bounded.
  for (let from = 0; from < units.length; from += SLICE) packed += String.fromCharCode(...units.slice(from, from + SLICE));
  return packed;
}

/** The numbers `packNumbers` packed, in order. */
export function unpackNumbers(packed: string): number[] {
  const numbers: number[] = [];
  for (let i = 0; i < packed.length; i++) {
    const unit = packed.charCodeAt(i);
    if (unit !== WIDE) numbers.push(unit);
    else {
      numbers.push(packed.charCodeAt(i + 1) * HALF + packed.charCodeAt(i + 2));
      i += 2;
    }
  }
  return numbers;
}

/** The largest number `packNumbers` takes. */
export const MAX_PACKED = 2 ** 32 - 1;

/** The unit that says a number takes the two units after it. */
const WIDE = 0xffff;
const HALF = 0x10000;
const SLICE = 4096;
