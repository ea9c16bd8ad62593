import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: { root: string; version: string } | undefined;

/**
 * Finds the installed package's root (the folder with blendcheck's package.json) from this module's
 * location, so the built-in catalog, rules and templates are found from source, bundle or install.
 */
export function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(directory, "package.json");
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (parsed.name === "blendcheck") {
        cached = { root: directory, version: parsed.version ?? "0.0.0" };
        return cached;
      }
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error("blendcheck's package.json was not found above its modules");
    directory = parent;
  }
}

/** The folders of the built-in catalog. */
export function builtinPaths(): { services: string; libraries: string; rules: string; templates: string } {
  const { root } = packageInfo();
  return {
    services: join(root, "fixtures", "services"),
    libraries: join(root, "fixtures", "libraries"),
    rules: join(root, "rules"),
    templates: join(root, "src", "report", "templates"),
  };
}
