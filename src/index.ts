/** blendcheck's library API: load inputs, assess them, render reports. */
export { type AssessOptions, assess } from "./assess.js";
export { compileCondition, toCelValue } from "./engine/cel.js";
export { decideRule, evaluateRules } from "./engine/evaluate.js";
export { type Inputs, type LoadOptions, loadInputs } from "./load/inputs.js";
export { formatProblem, type Problem } from "./load/problem.js";
export * from "./model/assessment.js";
export { type Placement, placementSchema } from "./model/placement.js";
export { DEFAULT_SCORING, type Policy, policySchema, type ScoringSettings, scoringSchema } from "./model/policy.js";
export { type ServiceProfile, serviceProfileSchema } from "./model/profile.js";
export { type Rule, type RuleTest, ruleSchema, ruleTestSchema } from "./model/rule.js";
export { FORMATS, render, renderHtml, renderJson, renderMarkdown } from "./report/render.js";
