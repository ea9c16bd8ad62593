import { existsSync, readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import { fileURLToPath } from "node:url";

/** What a process loaded, as record-imports.mjs logged it. */
export interface Imports {
  /** The packages it named in an import or loaded code of. */
  packages: string[];
  /** Each module of a package it loaded, by its path from its last `node_modules/` (`zod/v4/core/core.js`). */
  modules: string[];
}

/** esbuild heads each module it bundles with a comment naming its file. */
const BUNDLED_FILE = /^\/\/ (\S*node_modules\/\S+)$/gm;

/** The files of installed packages a bundle holds, as its comments name them (`node_modules/zod/v4/core/core.js`). */
export function bundledFiles(bundle: string): string[] {
  return [...readFileSync(bundle, "utf8").matchAll(BUNDLED_FILE)].map(([, file]) => file ?? "");
}

/** The package an installed file belongs to, by the folder after its last `node_modules/` (`zod`, `@s/b`). */
export function packageOfFile(file: string): string {
  return packageOf(underNodeModules(file) ?? "");
}

/**
 * Reads the log of record-imports.mjs. A package's module counts as loaded when the process resolved
 * its file, or a bundle it loaded holds it: the CLI's chunks carry the packages they import.
 */
export function readImports(log: string): Imports {
  const lines = existsSync(log) ? [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))] : [];
  const modules = new Set<string>();
  const packages = new Set<string>();
  for (const line of lines) {
    if (!line.startsWith("file:")) {
      if (!isBuiltin(line)) packages.add(packageOf(line));
      continue;
    }
    const path = fileURLToPath(line);
    const own = underNodeModules(path);
    if (own !== undefined) modules.add(own);
    else if (/\.m?js$/.test(path) && existsSync(path)) {
      for (const file of bundledFiles(path)) modules.add(underNodeModules(file) as string);
    }
  }
  for (const module of modules) packages.add(packageOf(module));
  return { packages: [...packages].sort(), modules: [...modules].sort() };
}

/** The path after the last `node_modules/` of a path, if it has one. */
function underNodeModules(path: string): string | undefined {
  const normal = path.replaceAll("\\", "/");
  const at = normal.lastIndexOf("node_modules/");
  return at === -1 ? undefined : normal.slice(at + "node_modules/".length);
}

/** The package a specifier or a module path names: its first part, or two for a scoped one. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}
