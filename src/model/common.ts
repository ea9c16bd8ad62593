import { z } from "zod";
import { API_VERSION, DIMENSIONS, SEVERITIES, severityRank, TRIGGERS } from "./constants.js";

export { API_VERSION, DIMENSIONS, SEVERITIES, severityRank, TRIGGERS };

export const apiVersionSchema = z.literal(API_VERSION).describe("Always `blendcheck/v1`.");

/** Lower-case kebab-case names: service, placement and rule-segment names. */
export const kebabNameSchema = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "expected a kebab-case name such as nova-compute");

/**
 * Where a fact comes from: an https URL, or `owner/repo:path` with an optional `:line` range and an
 * optional `@commit`, as the knowledge files cite them.
 */
export const sourceSchema = z
  .string()
  .regex(
    /^(https:\/\/\S+|[\w.-]+\/[\w.-]+(:[^\s@]+)?(@[0-9a-f]{7,40})?( commit [0-9a-f]{7,40})?)$/,
    "expected an https URL or owner/repo:path[@commit]",
  )
  .describe("An https URL, or `owner/repo:path[:lines][@commit]`, or `owner/repo commit <sha>`.");

/** One piece of evidence: which fact it supports, what the source says, and where it says it. */
export const evidenceSchema = z
  .strictObject({
    fact: z
      .string()
      .min(1)
      .describe(
        "The dotted path of the fact in `spec` this supports (`process.shutdownSeconds`, `identity`, `operations.instance-build`).",
      ),
    claim: z.string().min(1).describe("What the source says, in one sentence."),
    source: sourceSchema,
    inference: z.boolean().optional().describe("True when the fact is reasoned from the source rather than stated by it."),
  })
  .describe("A sourced claim behind one fact.");

export type Evidence = z.infer<typeof evidenceSchema>;

export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

export const dimensionSchema = z.enum(DIMENSIONS);
export type Dimension = z.infer<typeof dimensionSchema>;

export const triggerSchema = z.enum(TRIGGERS);
export type Trigger = z.infer<typeof triggerSchema>;

/** Story points, as planning poker counts them. */
export const effortSchema = z.literal([1, 2, 3, 5, 8, 13]).describe("Story points to fix: 1, 2, 3, 5, 8 or 13.");
