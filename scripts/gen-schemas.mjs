// Writes schemas/<kind>.schema.json from the zod schemas in src/model (see src/model/json-schema.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = resolve(import.meta.dirname, "..");
const bundle = join(root, "node_modules", ".cache", "blendcheck", "json-schema.mjs");
await build({
  entryPoints: [join(root, "src", "model", "json-schema.ts")],
  outfile: bundle,
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  logLevel: "warning",
});
const { buildJsonSchemas, formatJsonSchema } = await import(pathToFileURL(bundle).href);
const outDir = join(root, "schemas");
mkdirSync(outDir, { recursive: true });
for (const [kind, schema] of Object.entries(buildJsonSchemas())) {
  writeFileSync(join(outDir, `${kind}.schema.json`), formatJsonSchema(schema));
  process.stdout.write(`wrote schemas/${kind}.schema.json\n`);
}
