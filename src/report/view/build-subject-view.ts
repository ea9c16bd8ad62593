import { compareText } from "../../load/problem.js";
import type { Finding, ServiceResult } from "../../model/assessment.js";
import { SEVERITIES, severityRank } from "../../model/constants.js";
import { describeSubject } from "../../model/subject-key.js";
import { formatScore } from "../../score/recommend.js";
import { buildPlanView, buildSurvivalViews } from "../remediation-view.js";
import { anchorOf } from "./anchor-of.js";
import { buildFindingViews } from "./build-finding-views.js";
import { buildPlacementColumns } from "./build-placement-columns.js";
import { compareFindings } from "./compare-findings.js";
import { FIT_TITLES } from "./fit-titles.js";
import type { ServiceView } from "./report-view.js";
import type { ViewContext } from "./view-context.js";

/** What ranks a subject among its service's workloads and fills its row in the service's workload table. */
export type SubjectRank = Pick<ServiceView, "subjectName" | "target" | "failCount" | "interest">;

/**
 * A subject's rank alone, without the rest of its view: a service shows one of its workloads in
 * full, so the others need only this. The same as those fields of `buildSubjectView`'s view.
 */
export function rankSubject(s: ServiceResult, findings: readonly Finding[], context: ViewContext): SubjectRank {
  const { target, assessment } = context;
  let failCount = 0;
  let weights = 0;
  let unknowns = 0;
  for (const f of findings) {
    if (f.status === "fail") {
      weights += assessment.scoring.weights[f.severity] ?? 0;
      if (f.placement === target) failCount++;
    } else if (f.status === "unknown") unknowns++;
  }
  return {
    subjectName: describeSubject(s.name, s.workload),
    target: buildPlacementColumns(
      target,
      s.results.find((r) => r.placement === target),
    ),
    failCount,
    interest: weights * 100 + unknowns,
  };
}

/** The view of one subject (a catalog service, or one workload) from its result and its own findings; facts and evidence are left for the service grouping to fill. */
export function buildSubjectView(s: ServiceResult, findings: readonly Finding[], context: ViewContext): ServiceView {
  const { target, placementTitle, placementNames, mitigationIndex } = context;
  const fails = findings.filter((f) => f.status === "fail");
  const targetFails = fails.filter((f) => f.placement === target);
  const unknowns = findings.filter((f) => f.status === "unknown");
  const targetResult = s.results.find((r) => r.placement === target);
  const recommendedResult = s.results.find((r) => r.placement === s.recommendation.placement);
  const worst = [...targetFails].sort(compareFindings)[0]?.severity ?? "";
  const missingByFact = new Map<string, Set<string>>();
  for (const f of unknowns) for (const fact of f.missing ?? []) missingByFact.set(fact, (missingByFact.get(fact) ?? new Set()).add(f.rule));
  const views = (list: readonly Finding[]) => buildFindingViews(list, target, context.rulesById);
  const rank = rankSubject(s, findings, context);
  return {
    name: rank.subjectName,
    subjectName: rank.subjectName,
    workloadCount: s.workload ? 1 : 0,
    workloads: [],
    moreWorkloads: 0,
    project: s.project,
    role: s.role,
    variant: s.variant ?? "",
    description: context.assessment.profiles[s.name]?.description ?? "",
    anchor: anchorOf(rank.subjectName),
    recommendation: {
      ...s.recommendation,
      title: placementTitle.get(s.recommendation.placement) ?? s.recommendation.placement,
      fitTitle: FIT_TITLES[s.recommendation.fit],
    },
    wave: s.wave,
    recommended: buildPlacementColumns(s.recommendation.placement, recommendedResult),
    target: rank.target,
    sortKeys: {
      recOverall: recommendedResult?.scores.overall ?? -1,
      twelve: targetResult?.scores["twelve-factor"] ?? -1,
      ip: targetResult?.scores["ip-movement"] ?? -1,
      term: targetResult?.scores.termination ?? -1,
      overall: targetResult?.scores.overall ?? -1,
    },
    worstSeverity: worst,
    severityRank: worst === "" ? SEVERITIES.length : severityRank(worst),
    failCount: rank.failCount,
    interest: rank.interest,
    results: [...s.results]
      .sort((a, b) => placementNames.indexOf(a.placement) - placementNames.indexOf(b.placement))
      .map((r) => ({
        placement: r.placement,
        fit: r.fit,
        fitTitle: FIT_TITLES[r.fit],
        fitLabel: buildPlacementColumns(r.placement, r).fitLabel,
        twelveFactor: formatScore(r.scores["twelve-factor"]),
        ipMovement: formatScore(r.scores["ip-movement"]),
        termination: formatScore(r.scores.termination),
        overall: formatScore(r.scores.overall),
        confidence: `${Math.round(r.confidence * 100)}%`,
        effort: r.effort,
        exposure: r.exposurePerMonth,
        detected: r.detected,
      })),
    delta: s.delta,
    fails: views(fails),
    targetFails: views(targetFails),
    unknowns: views(unknowns),
    waived: views(findings.filter((f) => f.status === "waived")),
    missingFacts: [...missingByFact.entries()]
      .sort((a, b) => compareText(a[0], b[0]))
      .map(([fact, rules]) => ({ fact, rules: [...rules].sort(compareText).join(", ") })),
    survival: buildSurvivalViews(s, mitigationIndex),
    plan: buildPlanView(s, mitigationIndex),
    // Filled in for the subject each service shows (groupServiceViews): flattening every workload's facts is the costly part.
    facts: [],
    evidence: [],
    locations: [...new Set(findings.flatMap((f) => f.locations.map((l) => `${l.file}:${l.line}`)))].sort(compareText),
  };
}
