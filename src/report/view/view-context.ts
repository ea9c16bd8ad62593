import type { Assessment } from "../../model/assessment.js";
import { indexMitigations, type MitigationIndex } from "../remediation-view.js";

/** What several section builders look up in the assessment, indexed once per view. */
export interface ViewContext {
  assessment: Assessment;
  target: string;
  rulesById: ReadonlyMap<string, Assessment["rules"][number]>;
  placementTitle: ReadonlyMap<string, string>;
  placementNames: string[];
  mitigationIndex: MitigationIndex;
}

/** Indexes the rules, placements and mitigations of an assessment for the section builders. */
export function buildViewContext(assessment: Assessment): ViewContext {
  return {
    assessment,
    target: assessment.scoring.target,
    rulesById: new Map(assessment.rules.map((r) => [r.id, r])),
    placementTitle: new Map(assessment.placements.map((p) => [p.name, p.title])),
    placementNames: assessment.placements.map((p) => p.name),
    mitigationIndex: indexMitigations(assessment),
  };
}
