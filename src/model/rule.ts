import { z } from "zod";
import { apiVersionSchema, dimensionSchema, effortSchema, severitySchema, triggerSchema } from "./common.js";

/** The twelve factors, by Roman numeral. */
export const FACTORS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"] as const;

const ruleIdSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "expected `<folder>/<name>` in kebab-case, such as ip-movement/identity-from-hostname",
  );

const sentenceSchema = z
  .string()
  .trim()
  .regex(/^[A-Z`"(0-9].*[.!?)`]$/s, "expected full sentences starting with a capital and ending with a period");

/** A Rule: one check of a (service, placement) pair, written as CEL conditions. */
export const ruleSchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal("Rule"),
    id: ruleIdSchema.describe("`<folder>/<file name>`; the file's path under the rules directory mirrors it."),
    title: z.string().min(1).describe("The desired state, such as `Service identity survives a new hostname`."),
    dimension: dimensionSchema,
    factor: z.enum(FACTORS).optional().describe("The twelve-factor factor this checks; required for twelve-factor rules."),
    severity: severitySchema,
    trigger: triggerSchema.describe("Which placement event exposes a failure."),
    when: z
      .string()
      .min(1)
      .default("true")
      .describe("CEL over `service` and `placement`: does the rule apply? False gives not-applicable."),
    fails: z.string().min(1).describe("CEL over `service` and `placement`: true means the rule fails."),
    message: z.string().min(1).describe("The finding, with `{{service.name}}`, `{{placement.title}}` and other fact placeholders."),
    rationale: sentenceSchema.describe("Why this matters, with the mechanism, in full sentences."),
    remediation: sentenceSchema.describe("What to change, concretely, in full sentences."),
    effort: effortSchema,
    references: z
      .array(z.strictObject({ title: z.string().min(1), url: z.url({ protocol: /^https$/ }) }))
      .min(1)
      .describe("Documentation behind the rule; at least one https link."),
  })
  .superRefine((rule, ctx) => {
    if (rule.dimension === "twelve-factor" && rule.factor === undefined) {
      ctx.addIssue({ code: "custom", path: ["factor"], message: "expected the factor (I to XII) of a twelve-factor rule" });
    }
  })
  .describe("One check, as data.");

export type Rule = z.infer<typeof ruleSchema>;

/** The verdicts a rule case may expect. */
export const CASE_EXPECTATIONS = ["pass", "fail", "unknown", "not-applicable"] as const;

/** A RuleTest: cases that prove one rule, run by `blendcheck rules test`. */
export const ruleTestSchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal("RuleTest"),
    rule: ruleIdSchema.describe("The id of the rule these cases prove."),
    cases: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          placement: z.string().min(1).describe("A placement name from the built-in or given placements."),
          placementOverrides: z
            .record(z.string(), z.unknown())
            .optional()
            .describe("Values that replace the placement's spec fields for this case."),
          service: z
            .record(z.string(), z.unknown())
            .describe("The facts the rule sees as `service` (name, project, role and spec fields)."),
          expect: z.enum(CASE_EXPECTATIONS),
        }),
      )
      .min(2)
      .describe("At least one passing and one failing case."),
  })
  .describe("Test cases for one rule.");

export type RuleTest = z.infer<typeof ruleTestSchema>;
