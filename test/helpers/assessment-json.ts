import type { Assessment } from "../../src/model/assessment.js";
import { assessmentFileSchema, decodeAssessmentFile } from "../../src/model/assessment-file.js";

/** Parses an assessment JSON as `assess --format json` writes it back into an assessment; throws on anything it cannot resolve. */
export function parseAssessmentJson(text: string): Assessment {
  const decoded = decodeAssessmentFile(assessmentFileSchema.parse(JSON.parse(text)));
  if (!decoded.ok) throw new Error(`${decoded.path}: ${decoded.message}`);
  return decoded.assessment;
}
