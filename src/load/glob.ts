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
    matcher = picomatch([...globs], { dot: true, basename: true });
    cache.set(key, matcher);
  }
  return matcher;
}

/** True when no globs are given or `name` matches one of them. */
export function matchesGlobs(name: string, globs: readonly string[] | undefined): boolean {
  return !globs || globs.length === 0 || compileGlobs(globs)(name);
}
