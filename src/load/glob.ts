import picomatch from "picomatch";

const cache = new Map<string, (text: string) => boolean>();

/**
 * Compiles globs into one predicate: picomatch syntax (`*`, `**`, `?`, `[abc]`, `{a,b}`), dot files
 * included, and a glob without a slash also matches the last path segment (`*.json` excludes
 * `reports/a.json`). No glob matches nothing.
 */
export function compileGlobs(globs: readonly string[]): (text: string) => boolean {
  if (globs.length === 0) return () => false;
  const key = globs.join("\u0000");
  let matcher = cache.get(key);
  if (!matcher) {
    // picomatch's `basename` option applies to every glob it is given, so globs with a slash
    // are compiled apart from those without.
    const plain = globs.filter((g) => !g.includes("/"));
    const pathGlobs = globs.filter((g) => g.includes("/"));
    const byName = plain.length > 0 ? picomatch(plain, { dot: true, basename: true }) : () => false;
    const byPath = pathGlobs.length > 0 ? picomatch(pathGlobs, { dot: true }) : () => false;
    matcher = (text: string) => byName(text) || byPath(text);
    cache.set(key, matcher);
  }
  return matcher;
}

/** True when no globs are given or `name` matches one of them. */
export function matchesGlobs(name: string, globs: readonly string[] | undefined): boolean {
  return !globs || globs.length === 0 || compileGlobs(globs)(name);
}
