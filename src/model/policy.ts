import { z } from "zod";
import { FIT_LEVELS } from "./assessment.js";
import { apiVersionSchema, DIMENSIONS, severitySchema } from "./common.js";
import { DEFAULT_SCORING } from "./constants.js";

export { DEFAULT_SCORING };

/** The scoring settings: DESIGN's values are the defaults, and a policy may change them. */
export const scoringSchema = z
  .strictObject({
    weights: z
      .strictObject({
        critical: z.number().nonnegative().default(10),
        high: z.number().nonnegative().default(5),
        medium: z.number().nonnegative().default(3),
        low: z.number().nonnegative().default(1),
        info: z.number().nonnegative().default(0),
      })
      .default({ critical: 10, high: 5, medium: 3, low: 1, info: 0 })
      .describe("Weight of a rule by severity."),
    thresholds: z
      .strictObject({
        minConfidence: z
          .number()
          .min(0)
          .max(1)
          .default(0.6)
          .describe("Below this confidence the fit is `unknown` (insufficient data, naming the missing facts)."),
        ready: z.number().min(0).max(100).default(90).describe("Overall score for `ready` (with no high failure)."),
        readyWithMitigations: z.number().min(0).max(100).default(75),
        needsWork: z.number().min(0).max(100).default(50),
      })
      .default({ minConfidence: 0.6, ready: 90, readyWithMitigations: 75, needsWork: 50 }),
    preference: z
      .array(z.string())
      .min(1)
      .default(["k8s-scheduled", "k8s-statefulset", "k8s-pinned", "poci"])
      .describe("Placements in the order a recommendation prefers them; placements not listed come after, by name."),
    target: z.string().default("k8s-scheduled").describe("The scheduler placement compared with POCI when the recommendation is POCI."),
  })
  .describe("How findings become scores, fit levels and recommendations.");

export type ScoringSettings = z.output<typeof scoringSchema>;

const waiverSchema = z
  .strictObject({
    rule: z.string().min(1).describe("The rule id the waiver covers."),
    service: z.string().min(1).describe("The service it covers (a glob such as `nova-*` is allowed)."),
    placement: z.string().min(1).optional().describe("The placement it covers; every placement when left out."),
    reason: z.string().min(1).describe("Why the finding is accepted."),
    owner: z.string().min(1).describe("Who answers for the waiver."),
    expires: z.iso.date().describe("The date (YYYY-MM-DD) after which the waiver fails the gate."),
  })
  .describe("An accepted finding, with an owner and an expiry.");

export type Waiver = z.infer<typeof waiverSchema>;

/** A Policy (`.blendcheck.yaml`): what the gate requires, and the scoring it uses. */
export const policySchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal("Policy"),
    metadata: z.strictObject({ name: z.string().min(1) }).optional(),
    spec: z.strictObject({
      placements: z
        .array(z.string())
        .optional()
        .describe(
          "The placements the gate checks; when left out, each service's placements detected from its artifacts, else `k8s-scheduled`.",
        ),
      minScores: z
        .strictObject(
          Object.fromEntries([...DIMENSIONS, "overall"].map((d) => [d, z.number().min(0).max(100).optional()])) as Record<
            (typeof DIMENSIONS)[number] | "overall",
            z.ZodOptional<z.ZodNumber>
          >,
        )
        .optional()
        .describe("Minimum score per dimension and overall."),
      failOn: severitySchema.optional().describe("A failing finding of this severity or worse fails the gate (default `high`)."),
      requiredFit: z.enum(FIT_LEVELS).optional().describe("The fit level every checked (service, placement) must reach."),
      scoring: scoringSchema.optional(),
      waivers: z.array(waiverSchema).optional(),
      baseline: z
        .string()
        .optional()
        .describe(
          "A previous assessment JSON (relative to this file); only findings new since it, and scores or fits worse than it, fail the gate.",
        ),
    }),
  })
  .describe("What the gate requires.");

export type Policy = z.infer<typeof policySchema>;
