/**
 * The built-in catalog's files as parsed and validated at build time: the JSON of each file's
 * checked documents (`checkFile`), by the SHA-256 of the file's text. A file whose text differs
 * from the build's is parsed and validated as any other, so an edited catalog is never misread.
 * From source there is none; the build replaces this module (scripts/build.mjs).
 */
export function loadCatalogSnapshot(): ReadonlyMap<string, string> | undefined {
  return undefined;
}
