import { matchesAny } from "../assess.js";
import { GENERIC_SERVICE } from "../engine/subject.js";
import type { Assessment, Finding, ServiceResult } from "../model/assessment.js";
import type { Waiver } from "../model/policy.js";
import { findingsOfResult, indexFindingsBySubject } from "../model/subject-key.js";
import { scoreService, scoringContextOf } from "../score/score-service.js";
import { planWaves } from "../score/waves.js";

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
 * owner and expiry) and re-scores the affected services with the scoring `assess` uses, so their
 * results, recommendation, delta, wave and survival answers, and the waves, follow the waivers. `today` is a
 * `YYYY-MM-DD` date; a waiver expiring before it is expired and waives nothing. Pure.
 */
export function applyWaivers(assessment: Assessment, waivers: readonly Waiver[], today: string): WaiverOutcome {
  // Dates compare as text only while both have four-digit years, which the waiver schema ensures.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new RangeError(`expected today as YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const expired = waivers.filter((w) => w.expires < today);
  const inForce = waivers.filter((w) => w.expires >= today);
  const used = new Set<Waiver>();
  // The services a waiver touched: only they are scored again.
  const touchedServices = new Set<string>();
  const findings = assessment.findings.map((finding) => {
    if (finding.status !== "fail" && finding.status !== "mitigated") return finding;
    const waiver = inForce.find((w) => isCoveredBy(finding, w));
    if (!waiver) return finding;
    used.add(waiver);
    touchedServices.add(finding.service);
    const { mitigation: _planned, ...rest } = finding;
    return { ...rest, status: "waived" as const, waiver: { reason: waiver.reason, owner: waiver.owner, expires: waiver.expires } };
  });
  const context = scoringContextOf(assessment);
  const findingsOf = subjectFindings(findings, touchedServices);
  const services = assessment.services.map((service) => {
    if (!touchedServices.has(service.name)) return service;
    const own = findingsOf(service);
    const findingsByPlacement = new Map(service.results.map((r) => [r.placement, own.filter((f) => f.placement === r.placement)]));
    const scored = scoreService(
      {
        findingsByPlacement,
        plans: new Map(service.results.map((r) => [r.placement, r.plan])),
        detected: new Map(service.results.map((r) => [r.placement, r.detected])),
        ...(service.project === GENERIC_SERVICE ? { generic: true } : {}),
      },
      context,
    );
    // Not-applicable findings may have been left out of the assessment: keep the counts it was scored with.
    const results = scored.results.map((r) => {
      const before = service.results.find((o) => o.placement === r.placement);
      return before ? { ...r, counts: { ...r.counts, "not-applicable": before.counts["not-applicable"] } } : r;
    });
    return { ...service, ...scored, results };
  });
  const families = new Map([...context.placements.entries()].map(([name, p]) => [name, p.waveFamily]));
  return {
    assessment: { ...assessment, services, findings, waves: planWaves(services, findings, families) },
    expired,
    unused: inForce.filter((w) => !used.has(w)),
  };
}

/**
 * The findings of each subject of `services`, as `findings.filter((f) => isFindingOf(f, result))`
 * gives them and in that order, from one index of the findings: a waiver for every service touches
 * every workload, and reading each workload's findings stays linear in the estate.
 */
export function subjectFindings(findings: readonly Finding[], services: ReadonlySet<string>): (result: ServiceResult) => Finding[] {
  // Indexed by their positions, so a subject's shared and own findings come back in the order of `findings`.
  const index = indexFindingsBySubject(
    findings.flatMap((f, at) => (services.has(f.service) ? [{ service: f.service, workload: f.workload, at }] : [])),
  );
  return (result) =>
    findingsOfResult(index, result)
      .toSorted((a, b) => a.at - b.at)
      .map(({ at }) => findings[at] as Finding);
}
