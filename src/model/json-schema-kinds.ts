// Its own module, free of zod, so the CLI can name the kinds without loading the schemas.
/** The documents that have a published JSON Schema, by the name of their `schemas/<name>.schema.json` file. */
export const JSON_SCHEMA_KIND_NAMES = [
  "profile",
  "placement",
  "rule",
  "rule-test",
  "rule-template",
  "mitigation",
  "mitigation-test",
  "library",
  "policy",
  "assessment",
] as const;
