import { buildJsonSchemas, formatJsonSchema, isJsonSchemaKind, JSON_SCHEMA_KINDS } from "../../model/json-schema.js";
import { EXIT, UsageError } from "../exit-codes.js";
import type { SchemaArgs } from "./schema.js";

/** Runs `blendcheck schema`, loaded only when the command runs. */
export async function runSchema(args: SchemaArgs): Promise<number> {
  if (!isJsonSchemaKind(args.kind)) {
    throw new UsageError(`expected one of ${Object.keys(JSON_SCHEMA_KINDS).join(" | ")}, got ${JSON.stringify(args.kind)}`);
  }
  process.stdout.write(formatJsonSchema(buildJsonSchemas()[args.kind]));
  return EXIT.ok;
}
