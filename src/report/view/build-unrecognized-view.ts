import type { Assessment } from "../../model/assessment.js";
import { type ReportView, WORKLOAD_ROW_LIMIT } from "./report-view.js";

/** The unrecognized and generic inputs: all of them, the first few for outputs that must stay short, and how many those leave out. */
export function buildUnrecognizedView(assessment: Assessment): Pick<ReportView, "unrecognized" | "unrecognizedShown" | "moreUnrecognized"> {
  return {
    unrecognized: assessment.unrecognized,
    unrecognizedShown: assessment.unrecognized.slice(0, WORKLOAD_ROW_LIMIT),
    moreUnrecognized: Math.max(0, assessment.unrecognized.length - WORKLOAD_ROW_LIMIT),
  };
}
