import type { FitLevel, Scores } from "./assessment.js";
import type { Severity } from "./common.js";

/** A score or fit that moved for one (service, placement); the service names its workload, when there is one, as `subjectKeyOf` does; `null` on a side where the pair or score is absent. */
export interface ResultChange {
  service: string;
  placement: string;
  scores: { key: keyof Scores; before: number | null; after: number | null }[];
  fit: { before: FitLevel | null; after: FitLevel | null } | null;
  worse: boolean;
}

/** A failing finding that appeared or went away. */
export interface FindingChange {
  service: string;
  placement: string;
  rule: string;
  severity: Severity;
  message: string;
}

/** What moved between two assessments. */
export interface AssessmentDiff {
  changes: ResultChange[];
  newFindings: FindingChange[];
  goneFindings: FindingChange[];
  /** True when any score went down, any fit got worse, or any failing finding is new. */
  regressed: boolean;
}
