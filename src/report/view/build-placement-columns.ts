import type { PlacementResult } from "../../model/assessment.js";
import { formatScore } from "../../score/recommend.js";
import { FIT_TITLES } from "./fit-titles.js";
import type { PlacementColumnsView } from "./report-view.js";

/** The fit and scores of one placement result; a missing result reads as unknown with no score. */
export function buildPlacementColumns(placement: string, result: PlacementResult | undefined): PlacementColumnsView {
  const fit = result?.fit ?? "unknown";
  const withMitigations = result?.fitWithMitigations ?? fit;
  // A mitigated finding still fails as the service is; only the plan lifts it.
  const fails = (result?.counts.fail ?? 0) + (result?.counts.mitigated ?? 0);
  const unknowns = result?.counts.unknown ?? 0;
  return {
    placement,
    fit,
    fitTitle: FIT_TITLES[fit],
    fitLabel: fit === "unknown" && result ? `${FIT_TITLES[fit]}: ${undecided(result, fails, unknowns)}` : FIT_TITLES[fit],
    fitWithMitigations: withMitigations,
    fitWithMitigationsTitle: FIT_TITLES[withMitigations],
    lifted: withMitigations !== fit,
    twelveFactor: formatScore(result?.scores["twelve-factor"] ?? null),
    ipMovement: formatScore(result?.scores["ip-movement"] ?? null),
    termination: formatScore(result?.scores.termination ?? null),
    overall: formatScore(result?.scores.overall ?? null),
    fails,
    unknowns,
  };
}

/** Why a fit is unknown, in brief: the failing and unknown counts, or that no rule applied at all. */
function undecided(result: PlacementResult, fails: number, unknowns: number): string {
  const { pass, waived } = result.counts;
  return fails + unknowns + pass + waived === 0 ? "no rule applies" : `${fails} failing, ${unknowns} unknown`;
}
