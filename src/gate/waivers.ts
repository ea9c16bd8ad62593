import { matchesAny } from "../assess.js";
import type { Assessment, Finding, PlacementResult } from "../model/assessment.js";
import type { PlacementEvents } from "../model/placement.js";
import type { Waiver } from "../model/policy.js";
import { confidenceOf, exposureOf, fitOf, scoreFindings } from "../score/score.js";

/** The assessment with waivers applied, and what each waiver did. */
export interface WaiverOutcome {
  assessment: Assessment;
  /** Waivers whose `expires` date is before today: they waive nothing and fail the gate. */
  expired: Waiver[];
  /** Waivers in force that matched no failing finding. */
  unused: Waiver[];
}

/** True when the waiver covers the finding's rule, service (glob) and placement (any when left out). */
export function isCoveredBy(finding: Finding, waiver: Waiver): boolean {
  return (
    waiver.rule === finding.rule &&
    matchesAny(finding.service, [waiver.service]) &&
    (waiver.placement === undefined || waiver.placement === finding.placement)
  );
}

/**
 * Marks every failing finding that a waiver in force covers as `waived` (with the waiver's reason,
 * owner and expiry) and rescores the affected (service, placement) results. `today` is a
 * `YYYY-MM-DD` date; a waiver expiring before it is expired and waives nothing. Pure.
 */
export function applyWaivers(assessment: Assessment, waivers: readonly Waiver[], today: string): WaiverOutcome {
  // Dates compare as text only while both have four-digit years, which the waiver schema ensures.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`expected today as YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const expired = waivers.filter((w) => w.expires < today);
  const inForce = waivers.filter((w) => w.expires >= today);
  const used = new Set<Waiver>();
  const touched = new Set<string>();
  const findings = assessment.findings.map((finding) => {
    if (finding.status !== "fail") return finding;
    const waiver = inForce.find((w) => isCoveredBy(finding, w));
    if (!waiver) return finding;
    used.add(waiver);
    touched.add(resultKey(finding.service, finding.placement));
    return { ...finding, status: "waived" as const, waiver: { reason: waiver.reason, owner: waiver.owner, expires: waiver.expires } };
  });
  const events = new Map(assessment.placements.map((p) => [p.name, (p.spec.events ?? {}) as PlacementEvents]));
  const services = assessment.services.map((service) => ({
    ...service,
    results: service.results.map((result) =>
      touched.has(resultKey(service.name, result.placement))
        ? rescore(
            result,
            findings.filter((f) => f.service === service.name && f.placement === result.placement),
            events.get(result.placement) ?? {},
            assessment,
          )
        : result,
    ),
  }));
  return { assessment: { ...assessment, services, findings }, expired, unused: inForce.filter((w) => !used.has(w)) };
}

function rescore(result: PlacementResult, findings: readonly Finding[], events: PlacementEvents, assessment: Assessment): PlacementResult {
  const weights = assessment.scoring.weights as Parameters<typeof scoreFindings>[1];
  const scores = scoreFindings(findings, weights);
  const confidence = confidenceOf(findings);
  const counts = { pass: 0, fail: 0, unknown: 0, "not-applicable": 0, waived: 0 };
  for (const f of findings) counts[f.status]++;
  return {
    ...result,
    scores,
    confidence,
    fit: fitOf(scores, confidence, findings, assessment.scoring.thresholds),
    effort: findings.filter((f) => f.status === "fail").reduce((sum, f) => sum + f.effort, 0),
    exposurePerMonth: exposureOf(findings, events),
    counts,
  };
}

function resultKey(service: string, placement: string): string {
  return `${service}\u0000${placement}`;
}
