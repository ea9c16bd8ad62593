// Node 20 cannot import TypeScript: bundle a module of src/ with esbuild into node_modules/.cache and
// import that, so the generator scripts run the same code as the CLI and the tests.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

/** The repository root. */
export const root = resolve(import.meta.dirname, "..");

/** Bundles `contents` (TypeScript importing from ./src) as `name` and imports it. */
export async function importSource(name, contents) {
  const bundle = join(root, "node_modules", ".cache", "blendcheck", `${name}.mjs`);
  await build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "warning",
  });
  return import(pathToFileURL(bundle).href);
}
