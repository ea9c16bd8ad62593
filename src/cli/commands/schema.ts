import { JSON_SCHEMA_KIND_NAMES } from "../../model/json-schema-kinds.js";
import type { Command } from "../command.js";

/** The arguments of `blendcheck schema`. */
export interface SchemaArgs {
  kind: string;
}

/** `blendcheck schema <kind>`: print the JSON Schema of one document kind. */
export const schemaCommand: Command<SchemaArgs> = {
  name: "schema <kind>",
  describe: `Print a JSON Schema (${JSON_SCHEMA_KIND_NAMES.join(", ")})`,
  builder: (yargs) => yargs.positional("kind", { type: "string", describe: "The document kind" }) as never,
  run: async (args) => (await import("./schema-run.js")).runSchema(args),
};
