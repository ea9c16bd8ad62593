import { z } from "zod";
import { apiVersionSchema, dimensionSchema, effortSchema, kebabNameSchema, severitySchema, triggerSchema } from "./common.js";

/** The twelve factors, by Roman numeral. */
export const FACTORS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"] as const;

/** A rule id: `<folder>/<name>` in kebab-case. */
export const ruleIdSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "expected `<folder>/<name>` in kebab-case, such as ip-movement/identity-from-hostname",
  );

/** Full sentences: a capital first and a period last. */
export const sentenceSchema = z
  .string()
  .trim()
  .regex(/^[A-Z`"(0-9].*[.!?)`]$/s, "expected full sentences starting with a capital and ending with a period");

/** Documentation links: at least one https link with a title. */
export const referencesSchema = z
  .array(z.strictObject({ title: z.string().min(1), url: z.url({ protocol: /^https$/ }) }))
  .min(1)
  .describe("Documentation behind it; at least one https link.");

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
    fails: z
      .string()
      .min(1)
      .optional()
      .describe("CEL over `service` and `placement`: true means the rule fails. Required unless the rule uses a `template`."),
    message: z.string().min(1).describe("The finding, with `{{service.name}}`, `{{placement.title}}` and other fact placeholders."),
    rationale: sentenceSchema.describe("Why this matters, with the mechanism, in full sentences."),
    remediation: sentenceSchema.describe("What to change, concretely, in full sentences."),
    effort: effortSchema,
    blocking: z
      .boolean()
      .default(false)
      .describe("True when the service cannot work at all under the placement when this fails: the fit is `not-fit` whatever the score."),
    mechanism: kebabNameSchema
      .optional()
      .describe(
        "The one cause this rule checks (`grace-period`, `hostname-identity`); rules sharing a mechanism count once per (subject, placement) in score and effort.",
      ),
    template: kebabNameSchema
      .optional()
      .describe("A RuleTemplate id whose `when` and `fails` this rule uses, with `params` filled in, instead of writing its own."),
    params: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe("The values of the template's parameters."),
    references: referencesSchema,
  })
  .superRefine((rule, ctx) => {
    if (rule.template === undefined && rule.fails === undefined) {
      ctx.addIssue({ code: "custom", path: ["fails"], message: "expected a CEL `fails` condition, or a `template` with `params`" });
    }
    if (rule.template !== undefined && (rule.fails !== undefined || rule.when !== "true")) {
      ctx.addIssue({ code: "custom", path: ["template"], message: "expected either a `template` or `when`/`fails`, not both" });
    }
    if (rule.template === undefined && rule.params !== undefined) {
      ctx.addIssue({ code: "custom", path: ["params"], message: "expected `params` only with a `template`" });
    }
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

/** A RuleTemplate: one `when`/`fails` body with declared parameters, shared by rules that differ only in them. */
export const ruleTemplateSchema = z
  .strictObject({
    apiVersion: apiVersionSchema,
    kind: z.literal("RuleTemplate"),
    id: kebabNameSchema.describe("The name rules give as `template`; the file is `rules/templates/<id>.yaml`."),
    description: z.string().min(1).describe("What the template checks, in a sentence."),
    params: z
      .array(
        z.strictObject({
          name: z
            .string()
            .regex(/^[a-z][A-Za-z0-9]*$/, "expected a camelCase parameter name such as optionName")
            .describe("Referenced as `{{params.<name>}}` in `when` and `fails`."),
          description: z.string().min(1),
          type: z.enum(["string", "number", "boolean"]).describe("A string is inserted as a quoted CEL string literal."),
        }),
      )
      .min(1)
      .describe("The parameters every rule using the template must give."),
    when: z.string().min(1).default("true").describe("CEL with `{{params.<name>}}` placeholders: does the rule apply?"),
    fails: z.string().min(1).describe("CEL with `{{params.<name>}}` placeholders: true means the rule fails."),
  })
  .describe("A parameterised rule body.");

export type RuleTemplate = z.infer<typeof ruleTemplateSchema>;
