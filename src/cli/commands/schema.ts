import { buildJsonSchemas, formatJsonSchema, isJsonSchemaKind, JSON_SCHEMA_KINDS } from "../../model/json-schema.js";
import type { Command } from "../command.js";
import { EXIT, UsageError } from "../exit-codes.js";

interface SchemaArgs {
  kind: string;
}

/** `blendcheck schema <kind>`: print the JSON Schema of one document kind. */
export const schemaCommand: Command<SchemaArgs> = {
  name: "schema <kind>",
  describe: `Print a JSON Schema (${Object.keys(JSON_SCHEMA_KINDS).join(", ")})`,
  builder: (yargs) => yargs.positional("kind", { type: "string", describe: "The document kind" }) as never,
  async run(args) {
    if (!isJsonSchemaKind(args.kind)) {
      throw new UsageError(`expected one of ${Object.keys(JSON_SCHEMA_KINDS).join(" | ")}, got ${JSON.stringify(args.kind)}`);
    }
    process.stdout.write(formatJsonSchema(buildJsonSchemas()[args.kind]));
    return EXIT.ok;
  },
};
