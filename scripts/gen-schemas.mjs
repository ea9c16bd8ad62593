// Writes schemas/<kind>.schema.json from the zod schemas in src/model (see src/model/json-schema.ts).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { importSource, root } from "./import-source.mjs";

const { buildJsonSchemas, formatJsonSchema } = await importSource("json-schema", 'export * from "./src/model/json-schema.ts";\n');
const outDir = join(root, "schemas");
mkdirSync(outDir, { recursive: true });
for (const [kind, schema] of Object.entries(buildJsonSchemas())) {
  writeFileSync(join(outDir, `${kind}.schema.json`), formatJsonSchema(schema));
  process.stdout.write(`wrote schemas/${kind}.schema.json\n`);
}
