import { posix } from "node:path";

/**
 * Objects of one kind, namespace and name cannot sit side by side in one cluster, so a run that holds
 * several such copies holds several clusters, or several renderings of one: a folder per region,
 * each rendered from the same charts, or the output of two projects. A workload is tied to the copies
 * nearest it in the file tree: one in its own file, else in its folder, else in the folder above it,
 * and so on. Copies equally near are all kept, as a lone copy always is, wherever it sits.
 */
export class NearestCopies<T> {
  readonly #items: readonly T[];
  /** Per identity with several copies: the positions of its copies under each folder (and in each file) that holds one. */
  readonly #scoped = new Map<string, Map<string, number[]>>();
  /** Per identity with several copies: the positions of them all. */
  readonly #all = new Map<string, number[]>();
  readonly #identities: readonly string[];
  /** The positions of the items with no other copy, in order. */
  readonly #lone: readonly number[];
  /** Per file asked about: the items nearest it, the same list for every file that picks the same copies. */
  readonly #nearest = new Map<string, readonly T[]>();
  readonly #lists = new Map<string, readonly T[]>();
  readonly #scopes = new Map<string, readonly string[]>();

  /**
   * `identityOf` names an item's kind, namespace and name; an item it gives no identity (undefined)
   * is always kept, as for an object a Kustomization patches rather than a copy of it.
   */
  constructor(items: readonly T[], identityOf: (item: T) => string | undefined, fileOf: (item: T) => string) {
    this.#items = items;
    const identities: (string | undefined)[] = items.map(identityOf);
    const positions = new Map<string, number[]>();
    identities.forEach((identity, i) => {
      if (identity === undefined) return;
      const list = positions.get(identity);
      if (list) list.push(i);
      else positions.set(identity, [i]);
    });
    for (const [identity, list] of positions) {
      if (list.length < 2) {
        identities[list[0] as number] = undefined;
        continue;
      }
      const byScope = new Map<string, number[]>();
      for (const i of list) {
        for (const scope of scopesOf(fileOf(items[i] as T))) {
          const held = byScope.get(scope);
          if (held) held.push(i);
          else byScope.set(scope, [i]);
        }
      }
      this.#scoped.set(identity, byScope);
      this.#all.set(identity, list);
    }
    this.#identities = identities as string[];
    this.#lone = identities.flatMap((identity, i) => (identity === undefined ? [i] : []));
  }

  /** True when some identity has more than one copy: only then does `nearest` leave any item out. */
  get hasCopies(): boolean {
    return this.#scoped.size > 0;
  }

  /** The identity of the item at `index` when the items hold other copies of it; undefined for a lone copy. */
  copiedIdentity(index: number): string | undefined {
    return this.#identities[index];
  }

  /** Whether the item at `index` is one of its identity's copies nearest `file`; always, for a lone copy. */
  isNearest(index: number, file: string): boolean {
    const identity = this.#identities[index];
    if (identity === undefined) return true;
    return this.nearestTo(identity, file).includes(index);
  }

  /** The items, in their order, with each identity's copies cut to those nearest `file`. */
  nearest(file: string): readonly T[] {
    if (!this.hasCopies) return this.#items;
    // Asked once for each workload of a file, and a file may hold many.
    let list = this.#nearest.get(file);
    if (list) return list;
    const picks: number[] = [];
    for (const identity of this.#scoped.keys()) for (const i of this.nearestTo(identity, file)) picks.push(i);
    // Files that pick the same copies share one list: a folder per region makes a list per region, not per file.
    const key = picks.join(",");
    list = this.#lists.get(key);
    if (!list) {
      // Made of the lone items and the picks, not of every item: a run of many regions has many copies of each.
      list = [...this.#lone, ...picks].sort((a, b) => a - b).map((i) => this.#items[i] as T);
      this.#lists.set(key, list);
    }
    this.#nearest.set(file, list);
    return list;
  }

  /** The positions of the copies of `identity` (one with copies) nearest `file`. */
  nearestTo(identity: string, file: string): readonly number[] {
    const byScope = this.#scoped.get(identity) as Map<string, number[]>;
    for (const scope of this.#scopesOf(file)) {
      const found = byScope.get(scope);
      if (found) return found;
    }
    // No folder holds both: every copy is as near as another.
    return this.#all.get(identity) as number[];
  }

  /** `scopesOf` a file, made once per file: a file is asked about for each identity with copies. */
  #scopesOf(file: string): readonly string[] {
    let scopes = this.#scopes.get(file);
    if (!scopes) {
      scopes = scopesOf(file);
      this.#scopes.set(file, scopes);
    }
    return scopes;
  }
}

/** The file itself (marked by a character no folder name holds), then each folder that holds it, the nearest first. */
function scopesOf(file: string): string[] {
  const scopes = [`\u0000${file}`];
  for (let folder = posix.dirname(file); !scopes.includes(folder); folder = posix.dirname(folder)) scopes.push(folder);
  return scopes;
}
