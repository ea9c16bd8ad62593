import { z } from "zod";
import { dimensionSchema, severitySchema, triggerSchema } from "./common.js";
import { FINDING_STATUSES, FIT_LEVELS, KNOWN_SCHEMA_VERSIONS, SCHEMA_VERSION, SURVIVAL_ANSWERS, WAVE_FAMILIES } from "./constants.js";
import { remediationKindSchema } from "./mitigation.js";

export { factsOfSubject } from "./subject-key.js";
export { FINDING_STATUSES, FIT_LEVELS, KNOWN_SCHEMA_VERSIONS, SCHEMA_VERSION };

const locationSchema = z.strictObject({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
});

/** One workload of the user's files: the subject of an assessment over artifacts. */
export const workloadSchema = z.strictObject({
  kind: z.string(),
  /** Empty when the manifest names none (the namespace it is applied to). */
  namespace: z.string(),
  name: z.string(),
  file: z.string(),
  line: z.number().int(),
});

export const findingSchema = z.strictObject({
  rule: z.string(),
  service: z.string(),
  /** The workload it concerns; absent when the finding holds for every workload of the service (catalog knowledge alone). */
  workload: workloadSchema.optional(),
  placement: z.string(),
  status: z.enum(FINDING_STATUSES),
  severity: severitySchema,
  dimension: dimensionSchema,
  trigger: triggerSchema,
  effort: z.number(),
  message: z.string(),
  /** For `unknown`: the facts that were missing. */
  missing: z.array(z.string()).optional(),
  /** For `mitigated`: the id of the mitigation in the plan that lifts it. */
  mitigation: z.string().optional(),
  /** For `waived`: why, and who owns the waiver. */
  waiver: z.strictObject({ reason: z.string(), owner: z.string(), expires: z.string() }).optional(),
  locations: z.array(locationSchema),
});

const scoresSchema = z.strictObject({
  "twelve-factor": z.number().nullable(),
  "ip-movement": z.number().nullable(),
  termination: z.number().nullable(),
  overall: z.number().nullable(),
});

/** One step of a mitigation plan: the mitigation, the rules it lifts, its effort and kind. */
export const planStepSchema = z.strictObject({
  mitigation: z.string(),
  lifts: z.array(z.string()),
  effort: z.number(),
  remediationKind: remediationKindSchema,
});

export const placementResultSchema = z.strictObject({
  placement: z.string(),
  scores: scoresSchema,
  /** The fit as the service is, before any mitigation. */
  fit: z.enum(FIT_LEVELS),
  /** The scores once the plan's mitigations are applied (mitigated findings count as passes). */
  scoresWithMitigations: scoresSchema,
  /** The fit once the plan's mitigations are applied (the same as `fit` with an empty plan). */
  fitWithMitigations: z.enum(FIT_LEVELS),
  /** The cheapest set of mitigations that reaches `fitWithMitigations`. */
  plan: z.array(planStepSchema),
  planEffort: z.number(),
  /** For insufficient data (fit `unknown`): the facts whose absence left rules undecided. */
  missingFacts: z.array(z.string()).optional(),
  /** Rules marked `blocking` that fail here (after mitigations): the fit is not-fit. */
  blockedBy: z.array(z.string()).optional(),
  confidence: z.number(),
  effort: z.number(),
  exposurePerMonth: z.number(),
  counts: z.strictObject({
    pass: z.number(),
    fail: z.number(),
    unknown: z.number(),
    "not-applicable": z.number(),
    mitigated: z.number(),
    waived: z.number(),
  }),
  /** Whether this placement's values came from an artifact rather than defaults. */
  detected: z.boolean(),
});

/** Yes, with these mitigations, no, or unknown: one answer to a seed question, with reasons. */
export const survivalAnswerSchema = z.strictObject({
  answer: z.enum(SURVIVAL_ANSWERS),
  /** The scheduler placement the answer is for. */
  placement: z.string(),
  mitigations: z.array(z.string()),
  reasons: z.array(z.string()),
});

export const serviceResultSchema = z.strictObject({
  name: z.string(),
  /** The workload this result is for, in a run over the user's files; absent for a catalog service. */
  workload: workloadSchema.optional(),
  project: z.string(),
  role: z.string(),
  variant: z.string().optional(),
  results: z.array(placementResultSchema),
  recommendation: z.strictObject({
    placement: z.string(),
    fit: z.enum(FIT_LEVELS),
    reasons: z.array(z.string()),
  }),
  delta: z.strictObject({
    target: z.string(),
    breaks: z.array(z.strictObject({ rule: z.string(), severity: severitySchema, effort: z.number(), message: z.string() })),
    effort: z.number(),
    fixes: z.array(z.strictObject({ rule: z.string(), severity: severitySchema, effort: z.number(), message: z.string() })),
  }),
  wave: z.number().int(),
  /** The seed's two questions: does it survive IP movement, and being killed mid-operation. */
  survival: z.strictObject({
    "ip-movement": survivalAnswerSchema,
    termination: survivalAnswerSchema,
  }),
  /** The subject's own facts where they differ from its profile's (`profiles[name].facts`); all of them for a `generic` workload. */
  facts: z.record(z.string(), z.unknown()),
  sources: z.array(z.string()),
});

const evidenceItemSchema = z.strictObject({
  fact: z.string(),
  claim: z.string(),
  source: z.string(),
  inference: z.boolean().optional(),
});

/** What the catalog knows about one service, written once however many of its workloads are assessed. */
export const serviceProfileResultSchema = z.strictObject({
  description: z.string().optional(),
  facts: z.record(z.string(), z.unknown()),
  evidence: z.array(evidenceItemSchema),
});

export const assessmentSchema = z.strictObject({
  schemaVersion: z.string(),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  generatedAt: z.string().nullable(),
  inputs: z.array(z.string()),
  /** Whether `findings` keeps the not-applicable ones (`--include-not-applicable`); left out by default. */
  notApplicable: z.enum(["included", "left-out"]).optional(),
  /** Present when the JSON would have exceeded the size blendcheck reads back, so findings were left out: which, and how many. */
  truncated: z
    .strictObject({
      limitBytes: z.number().int().describe("The size bound in UTF-8 bytes (the largest assessment JSON blendcheck reads back)."),
      findingsLeftOut: z
        .partialRecord(z.enum(FINDING_STATUSES), z.number().int())
        .describe(
          "How many findings of each status were left out: not-applicable first, then pass, unknown, mitigated, waived and fail, the last in file order; the scores and counts still include them.",
        ),
    })
    .optional()
    .describe("Present only when findings were left out to keep the JSON under the size blendcheck reads back."),
  scoring: z.strictObject({
    weights: z.record(z.string(), z.number()),
    thresholds: z.strictObject({
      minConfidence: z.number(),
      ready: z.number(),
      readyWithMitigations: z.number(),
      needsWork: z.number(),
    }),
    preference: z.array(z.string()),
    target: z.string(),
  }),
  placements: z.array(
    z.strictObject({
      name: z.string(),
      title: z.string(),
      description: z.string().optional(),
      spec: z.record(z.string(), z.unknown()),
    }),
  ),
  rules: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      dimension: dimensionSchema,
      factor: z.string().optional(),
      severity: severitySchema,
      trigger: triggerSchema,
      effort: z.number(),
      blocking: z.boolean(),
      mechanism: z.string().optional(),
      rationale: z.string(),
      remediation: z.string(),
      references: z.array(z.strictObject({ title: z.string(), url: z.string() })),
    }),
  ),
  mitigations: z.array(
    z.strictObject({
      id: z.string(),
      title: z.string(),
      placements: z.array(z.string()),
      remediationKind: remediationKindSchema,
      effort: z.number(),
      cost: z.string(),
      rationale: z.string(),
      references: z.array(z.strictObject({ title: z.string(), url: z.string() })),
    }),
  ),
  /** The catalog's knowledge of each assessed service, keyed by service name; `generic` workloads have none. */
  profiles: z.record(z.string(), serviceProfileResultSchema),
  services: z.array(serviceResultSchema),
  /** Upstream code changes, ranked by how many services each would bring to an acceptable scheduler fit. */
  upstream: z.array(
    z.strictObject({
      mitigation: z.string(),
      title: z.string(),
      effort: z.number(),
      unlocks: z.array(z.strictObject({ service: z.string(), placement: z.string(), fit: z.enum(FIT_LEVELS) })),
    }),
  ),
  waves: z.array(
    z.strictObject({
      wave: z.number().int(),
      title: z.string(),
      /** The wave family of the placements it moves to; null for the services whose data is insufficient. */
      family: z.enum(WAVE_FAMILIES).nullable(),
      /** The placements of the wave's family, comma-separated, for display. */
      placement: z.string(),
      services: z.array(z.string()),
      effort: z.number(),
      blockers: z.array(z.strictObject({ rule: z.string(), services: z.number().int() })),
      reasons: z.array(z.string()),
    }),
  ),
  findings: z.array(findingSchema),
  unrecognized: z.array(
    z.strictObject({ file: z.string(), line: z.number().int(), kind: z.string(), name: z.string(), reason: z.string() }),
  ),
  problems: z.array(
    z.strictObject({
      file: z.string(),
      line: z.number().int(),
      column: z.number().int(),
      code: z.string(),
      message: z.string(),
    }),
  ),
});

export type Assessment = z.infer<typeof assessmentSchema>;
export type Finding = z.infer<typeof findingSchema>;
export type Workload = z.infer<typeof workloadSchema>;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export type FitLevel = (typeof FIT_LEVELS)[number];
export type ServiceResult = z.infer<typeof serviceResultSchema>;
export type ServiceProfileResult = z.infer<typeof serviceProfileResultSchema>;
export type EvidenceItem = z.infer<typeof evidenceItemSchema>;
export type PlacementResult = z.infer<typeof placementResultSchema>;
export type Scores = z.infer<typeof scoresSchema>;
export type PlanStep = z.infer<typeof planStepSchema>;
export type SurvivalAnswer = z.infer<typeof survivalAnswerSchema>;
