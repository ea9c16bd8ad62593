import type { Assessment } from "../model/assessment.js";
import { severityRank } from "../model/constants.js";

/**
 * The published scoring method (version 2), in sentences built from the settings the assessment
 * used, so anyone can check a score by hand from the report or the docs.
 */
export function describeScoringMethod(scoring: Assessment["scoring"]): string[] {
  const weights = Object.entries(scoring.weights)
    .sort(([a], [b]) => severityRank(a) - severityRank(b))
    .map(([severity, weight]) => `${severity} ${weight}`)
    .join(", ");
  const t = scoring.thresholds;
  return [
    `Each rule is evaluated as the service is, under each placement. A dimension's score is round(100 × Σ weight of passes / Σ weight of passes and fails), with weights ${weights}; rules that share a mechanism count once per service and placement, as a failure at the most severe failing weight when any of them fails. A dimension with no applicable rule has no score (n/a). The overall score is the mean of the dimension scores whose applicable weight (Σ weight of passes and fails) is at least ${scoring.weights.high}, one high rule's weight: a dimension decided by a lone low or medium rule swings between 0 and 100 on one minor finding, so it is shown but left out of the mean (when every scored dimension is that light, all of them count); its failures still count in the fit.`,
    `Confidence is the share of decided findings among the rules that could apply (a rule whose condition is already false given the known facts does not apply). Below ${t.minConfidence} the placement has insufficient data: its fit is unknown and the report names the missing facts, unless a blocking or critical rule already fails (missing facts can only add failures, so that placement is not fit).`,
    `Fit as-is: not fit when a blocking rule (the service cannot work at all under that placement) or a critical rule fails, whatever the score and the confidence; ready at an overall score of ${t.ready} or more with no high failure; ready with mitigations at ${t.readyWithMitigations} or more; needs work at ${t.needsWork} or more; not fit below.`,
    "Mitigations are data: for each service and placement, the cheapest set of applicable deployment changes and runbook steps that lifts every failing finding any of them can lift is planned (greedy by lifted weight per story point, redundant ones dropped); a mitigation, alone or with the others planned, that makes a rule fail which holds as-is is never planned. Lifted findings are marked mitigated, never passed. The fit with mitigations scores them as passes, and is ready with mitigations rather than ready when the plan is not empty. Upstream code changes are never planned; they are ranked by the services they would bring to an acceptable fit under a scheduler placement.",
    `Effort counts each mechanism once, at its largest effort; the plan's effort is the sum of its mitigations' story points. The recommendation walks ${scoring.preference.join(", ")} (then any other placement) to the first whose fit with mitigations is ready or ready with mitigations; when it meets a placement with insufficient data first, it says so rather than falling through; a placement where no rule applies at all has no facts to miss and is passed over. Among the acceptable placements of that list in the same wave family as that first one, the best wins: the better fit with mitigations, then the lower weight of high and critical findings still failing after mitigations (each mechanism once), then the cheaper plan, then the order above; a placement of another wave family never outranks it. With no acceptable placement, the best overall score wins; where no rule applies under any placement, none is recommended.`,
    "Waves follow the wave family of the recommended placement: 1 ready under a scheduled placement, 2 scheduled with mitigations (ordered by plan effort), 3 pinned to hosts, 4 staying on fixed hosts, 5 insufficient data.",
  ];
}
