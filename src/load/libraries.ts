import { appendAll } from "../append-all.js";
import type { Library } from "../model/library.js";
import type { ServiceProfile } from "../model/profile.js";
import { loadCatalogSnapshot } from "./catalog-snapshot.js";
import { type DocumentChecker, hashText, type Loaded, UncheckedDocumentError } from "./load-documents.js";
import type { Problem } from "./problem.js";
import { locatePath } from "./yaml.js";

/**
 * Merges two fact trees: objects key by key with `over` winning, anything else (arrays included)
 * taken from `over` whole when it has a value. Only own keys are read, and `__proto__` is never
 * written, so nothing reaches an object's prototype.
 */
export function mergeFacts(under: unknown, over: unknown): unknown {
  if (over === undefined) return structuredClone(under);
  if (!isPlainObject(under) || !isPlainObject(over)) return structuredClone(over);
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(under), ...Object.keys(over)])) {
    if (key === "__proto__") continue;
    out[key] = mergeFacts(under[key], over[key]);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The key of a profile merged with its libraries, before validation, in the catalog snapshot. */
export function mergedKeyOf(candidate: unknown): string {
  return `merged:${hashText(JSON.stringify(candidate))}`;
}

/**
 * Gives each profile that lists libraries in `spec.uses` their facts, deep-merged under its own
 * (the profile wins; its arrays replace the libraries'; evidence is concatenated, libraries first).
 * An unknown library, or a merge that leaves an invalid profile, is a problem at `spec.uses`.
 */
export function resolveLibraries(
  profiles: readonly Loaded<ServiceProfile>[],
  libraries: readonly Loaded<Library>[],
  problems: Problem[],
  options: {
    /** Merged profiles validated before, by `mergedKeyOf` (`loadCatalogSnapshot`, which is the default). */
    snapshot?: ReadonlyMap<string, string>;
    /** Validates a merged profile the snapshot does not hold; without one, such a profile throws `UncheckedDocumentError`. */
    checker?: DocumentChecker;
    /** Told of each merged profile validated here, by its key: how the build records the catalog's. */
    record?: (key: string, profile: ServiceProfile) => void;
  } = {},
): Loaded<ServiceProfile>[] {
  const snapshot = options.snapshot ?? loadCatalogSnapshot();
  const byName = new Map(libraries.map((l) => [l.value.metadata.name, l.value]));
  return profiles.map((loaded) => {
    const uses = loaded.value.spec.uses;
    if (!uses || uses.length === 0) return loaded;
    let shared: Record<string, unknown> = {};
    const evidence: ServiceProfile["spec"]["evidence"] = [];
    let ok = true;
    for (const [index, name] of uses.entries()) {
      const library = byName.get(name);
      if (!library) {
        const { line, column } = locatePath(loaded.text, loaded.docIndex, ["spec", "uses", index]);
        const known = [...byName.keys()].sort().join(", ") || "none loaded";
        problems.push({
          file: loaded.file,
          line,
          column,
          severity: "error",
          code: "unknown-library",
          path: `spec.uses.${index}`,
          message: `expected the name of a Library (${known}), got ${name}`,
        });
        ok = false;
        continue;
      }
      const { evidence: libraryEvidence, ...facts } = library.spec as { evidence: ServiceProfile["spec"]["evidence"] } & Record<
        string,
        unknown
      >;
      shared = mergeFacts(shared, facts) as Record<string, unknown>;
      appendAll(evidence, libraryEvidence);
    }
    if (!ok) return loaded;
    const { evidence: own, ...facts } = loaded.value.spec;
    const spec = { ...(mergeFacts(shared, facts) as Record<string, unknown>), evidence: [...evidence, ...own] };
    // A built-in profile merged with the built-in libraries was validated at build time: the same plain data validates the same.
    const candidate = { ...loaded.value, spec };
    const key = mergedKeyOf(candidate);
    const known = snapshot?.get(key);
    if (known !== undefined) return { ...loaded, value: JSON.parse(known) as ServiceProfile };
    if (!options.checker) throw new UncheckedDocumentError(`${loaded.file}, merged with its libraries,`);
    const source = { file: loaded.file, text: loaded.text, docIndex: loaded.docIndex };
    const merged = options.checker.mergedProfile(candidate, source);
    if (!merged.ok) {
      // Point at `spec.uses`: the profile alone was valid, so the libraries' facts made it invalid.
      const { line, column } = locatePath(loaded.text, loaded.docIndex, ["spec", "uses"]);
      for (const problem of merged.problems) {
        problems.push({ ...problem, line, column, code: "invalid-library-merge", message: `with its libraries: ${problem.message}` });
      }
      return loaded;
    }
    options.record?.(key, merged.value);
    return { ...loaded, value: merged.value };
  });
}
