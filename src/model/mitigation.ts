import { z } from "zod";
import { apiVersionSchema, effortSchema, kebabNameSchema } from "./common.js";
import { referencesSchema, ruleIdSchema, sentenceSchema } from "./rule.js";

/** What kind of change a mitigation or remediation is: a deployment change, an operations runbook step, or an upstream code change. */
export const REMEDIATION_KINDS = ["deployment", "runbook", "upstream"] as const;
export const remediationKindSchema = z
  .enum(REMEDIATION_KINDS)
  .describe("`deployment`: a change to how it is deployed; `runbook`: an operations step; `upstream`: a change to the service's code.");
export type RemediationKind = (typeof REMEDIATION_KINDS)[number];

/** A fact path a mitigation may set: `placement.<field>` or `service.<a.b.c>`. */
export const factPathSchema = z
  .string()
  .regex(
    /^(placement\.[A-Za-z][A-Za-z0-9]*|service(\.[A-Za-z][A-Za-z0-9]*)+)$/,
    "expected a fact path such as placement.graceSeconds or service.identity.pinnedValue",
  );

/** A Mitigation: a known change that lifts failing findings under some placements, as data. */
export const mitigationSchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal("Mitigation"),
    id: kebabNameSchema.describe("The mitigation's name; the file is `rules/mitigations/<id>.yaml`."),
    title: z.string().min(1).describe("What is done, such as `Raise terminationGracePeriodSeconds to cover the shutdown`."),
    placements: z.array(kebabNameSchema).min(1).describe("The placements it applies to."),
    applies: z
      .string()
      .min(1)
      .default("true")
      .describe("CEL over `service` and `placement`: can this mitigation be used for this service? A missing fact means no."),
    sets: z
      .record(factPathSchema, z.string().min(1))
      .refine((sets) => Object.keys(sets).length > 0, "expected at least one fact to set")
      .describe(
        "Fact path (`placement.graceSeconds`, `service.identity.pinnedValue`) → CEL expression, evaluated over the original facts; its value replaces the fact when the rules are evaluated again.",
      ),
    remediationKind: remediationKindSchema,
    effort: effortSchema,
    cost: sentenceSchema.describe("What it costs to run it, in a sentence (`A CronJob with database credentials that deletes rows.`)."),
    rationale: sentenceSchema.describe("Why it works, with the mechanism, in full sentences."),
    references: referencesSchema,
  })
  .describe("A known change that lifts failing findings, with its effort and running cost.");

export type Mitigation = z.infer<typeof mitigationSchema>;

/** A MitigationTest: cases that prove one mitigation, run by `blendcheck rules test`. */
export const mitigationTestSchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal("MitigationTest"),
    mitigation: kebabNameSchema.describe("The id of the mitigation these cases prove."),
    cases: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          placement: z.string().min(1).describe("A placement name from the built-in or given placements."),
          placementOverrides: z
            .record(z.string(), z.unknown())
            .optional()
            .describe("Values that replace the placement's spec fields for this case."),
          service: z.record(z.string(), z.unknown()).describe("The facts the mitigation and the rules see as `service`."),
          expect: z.strictObject({
            applies: z.boolean().describe("Whether the mitigation applies to this service under this placement."),
            lifts: z
              .array(ruleIdSchema)
              .optional()
              .describe("Rules that fail as-is and no longer fail once the mitigation's facts are set (others may be lifted too)."),
          }),
        }),
      )
      .min(2)
      .describe("At least one case where it applies and lifts a rule, and one where it does not apply."),
  })
  .describe("Test cases for one mitigation.");

export type MitigationTest = z.infer<typeof mitigationTestSchema>;
