import { z } from "zod";
import { assessmentFileSchema } from "./assessment-file.js";
import type { JSON_SCHEMA_KIND_NAMES } from "./json-schema-kinds.js";
import { librarySchema } from "./library.js";
import { mitigationSchema, mitigationTestSchema } from "./mitigation.js";
import { placementSchema } from "./placement.js";
import { policySchema } from "./policy.js";
import { serviceProfileSchema } from "./profile.js";
import { ruleSchema, ruleTemplateSchema, ruleTestSchema } from "./rule.js";

/** The documents that have a published JSON Schema, by the name of their `schemas/<name>.schema.json` file. */
export const JSON_SCHEMA_KINDS = {
  profile: { title: "blendcheck ServiceProfile", schema: serviceProfileSchema },
  placement: { title: "blendcheck Placement", schema: placementSchema },
  rule: { title: "blendcheck Rule", schema: ruleSchema },
  "rule-test": { title: "blendcheck RuleTest", schema: ruleTestSchema },
  "rule-template": { title: "blendcheck RuleTemplate", schema: ruleTemplateSchema },
  mitigation: { title: "blendcheck Mitigation", schema: mitigationSchema },
  "mitigation-test": { title: "blendcheck MitigationTest", schema: mitigationTestSchema },
  library: { title: "blendcheck Library", schema: librarySchema },
  policy: { title: "blendcheck Policy", schema: policySchema },
  assessment: { title: "blendcheck assessment (JSON report)", schema: assessmentFileSchema },
} as const satisfies Record<(typeof JSON_SCHEMA_KIND_NAMES)[number], { title: string; schema: z.ZodType }>;

/** A kind of document with a JSON Schema, such as `rule-test`. */
export type JsonSchemaKind = keyof typeof JSON_SCHEMA_KINDS;

/** True when the name is one of the JSON Schema kinds. */
export function isJsonSchemaKind(name: string): name is JsonSchemaKind {
  return Object.hasOwn(JSON_SCHEMA_KINDS, name);
}

/** Builds the draft-07 JSON Schema of every kind from its zod schema, `.describe()` text included, in input form. */
export function buildJsonSchemas(): Record<JsonSchemaKind, Record<string, unknown>> {
  const out = {} as Record<JsonSchemaKind, Record<string, unknown>>;
  for (const [kind, { title, schema }] of Object.entries(JSON_SCHEMA_KINDS) as [JsonSchemaKind, { title: string; schema: z.ZodType }][]) {
    const { $schema, ...rest } = z.toJSONSchema(schema, { target: "draft-07", io: "input" }) as Record<string, unknown>;
    out[kind] = { $schema, title, ...rest };
  }
  return out;
}

/** Serialises a JSON Schema the way the committed files hold it: two-space indents and a trailing newline. */
export function formatJsonSchema(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
