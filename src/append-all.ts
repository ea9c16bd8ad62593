/**
 * Appends every item to `target` in place. A loop, not `target.push(...items)`: spreading passes each
 * item as an argument, and a list the size of a large estate (about 125,000 items on Node 20)
 * overflows the call stack.
 */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
