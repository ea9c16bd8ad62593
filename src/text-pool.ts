/**
 * `text`, or the same text kept in `pool` before: equal texts taken from one pool are one string, held
 * once and compared by reference. Without a pool, `text` as it is.
 */
export function fromPool(pool: Map<string, string> | undefined, text: string): string {
  if (!pool) return text;
  const known = pool.get(text);
  if (known !== undefined) return known;
  pool.set(text, text);
  return text;
}
