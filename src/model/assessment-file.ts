import { z } from "zod";
import { assessmentSchema, findingSchema, serviceResultSchema, workloadSchema } from "./assessment.js";

export {
  type AssessmentDecoded,
  type AssessmentEncoder,
  assessmentEncoder,
  decodeAssessmentFile,
  encodeAssessmentFile,
} from "./assessment-codec.js";
export { MAX_ASSESSMENT_BYTES } from "./constants.js";

/** One entry of the `workloads` table: a workload of the user's files and the service it was matched to. */
export const storedWorkloadSchema = workloadSchema
  .extend({ service: z.string().describe("The service the workload was matched to (`generic` outside the catalog).") })
  .describe("A workload of the user's files: kind, namespace, name, the file and line of its manifest, and its service.");

const workloadIdSchema = z.string().describe("The id of the workload it concerns: a key of the top-level `workloads` table.");

/** A finding as the JSON stores it: its workload by id, and what its rule or verdict already says left out. */
export const storedFindingSchema = findingSchema
  .extend({
    workload: workloadIdSchema
      .optional()
      .describe(
        "The id of the workload it concerns, a key of `workloads`; absent when the finding holds for every workload of the service (catalog knowledge alone).",
      ),
    dimension: findingSchema.shape.dimension
      .optional()
      .describe("Absent when it is the rule's (`rules[] | select(.id == $rule) | .dimension`), which is always the case today."),
    trigger: findingSchema.shape.trigger.optional().describe("Absent when it is the rule's (`rules[].trigger`)."),
    effort: findingSchema.shape.effort.optional().describe("Absent when it is the rule's (`rules[].effort`)."),
    message: findingSchema.shape.message
      .optional()
      .describe(
        'Absent when it says no more than the verdict: for `pass`, "<rule title>: holds for <service> under <placement title>"; for `not-applicable`, "<rule title>: does not apply to <service>". Failing, unknown, mitigated and waived findings always carry theirs.',
      ),
    locations: findingSchema.shape.locations.optional().describe("Where the facts it read are written; absent when there are none."),
  })
  .describe("One rule's verdict for one subject under one placement.");

/** A service result as the JSON stores it: its workload by id. */
export const storedServiceResultSchema = serviceResultSchema.extend({
  workload: workloadIdSchema
    .optional()
    .describe("The id of the workload this result is for (a key of `workloads`); absent for a catalog service."),
});

/** The assessment JSON contract (`assess --format json`): findings and results name their workload by id. */
export const assessmentFileSchema = assessmentSchema.extend({
  workloads: z
    .record(z.string(), storedWorkloadSchema)
    .describe("Every workload the findings and services concern, by id (`w1`, `w2`, … in the order of `services`); empty for the catalog."),
  services: z.array(storedServiceResultSchema),
  findings: z
    .array(storedFindingSchema)
    .describe(
      "Every finding, one per line. A finding's dimension, trigger and effort are its rule's unless it says otherwise; `workload` is a key of `workloads`.",
    ),
});

/** The assessment as its JSON file holds it. */
export type AssessmentFile = z.infer<typeof assessmentFileSchema>;
/** A finding as the file holds it. */
export type StoredFinding = z.infer<typeof storedFindingSchema>;
/** An entry of the file's `workloads` table. */
export type StoredWorkload = z.infer<typeof storedWorkloadSchema>;
