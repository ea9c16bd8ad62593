import type { FitLevel } from "../../model/assessment.js";

/** Titles of the fit levels as reports print them. */
export const FIT_TITLES: Record<FitLevel, string> = {
  ready: "Ready",
  "ready-with-mitigations": "Ready with mitigations",
  "needs-work": "Needs work",
  "not-fit": "Not fit",
  unknown: "Unknown",
};
