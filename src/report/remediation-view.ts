import type { Assessment, ServiceResult, SurvivalAnswer } from "../model/assessment.js";
import type { RemediationKind } from "../model/mitigation.js";

/** How reports label each kind of remediation. */
export const REMEDIATION_LABELS: Record<RemediationKind, string> = {
  deployment: "deployment change",
  runbook: "runbook step",
  upstream: "upstream change",
};

/** How reports print each survival answer. */
export const SURVIVAL_TITLES: Record<SurvivalAnswer["answer"], string> = {
  yes: "Yes",
  "with-mitigations": "With mitigations",
  no: "No",
  unknown: "Unknown",
};

/** One of the seed's two questions with its answer, as a report shows it. */
export interface SurvivalView {
  question: string;
  answer: SurvivalAnswer["answer"];
  answerTitle: string;
  placement: string;
  mitigations: { id: string; title: string; kind: string }[];
  reasons: string[];
}

/** One mitigation of a plan, labelled by its kind of remediation. */
export interface PlanStepView {
  mitigation: string;
  title: string;
  kind: string;
  effort: number;
  cost: string;
  lifts: string;
}

/** One upstream change and the services it would unlock. */
export interface UpstreamView {
  mitigation: string;
  title: string;
  effort: number;
  count: number;
  services: string;
}

/** The assessment's mitigations by id. */
export type MitigationIndex = ReadonlyMap<string, Assessment["mitigations"][number]>;

/** Indexes the assessment's mitigations by id. */
export function indexMitigations(assessment: Assessment): MitigationIndex {
  return new Map((assessment.mitigations ?? []).map((m) => [m.id, m]));
}

/** The two survival answers of a service: IP movement, then being killed mid-operation. */
export function buildSurvivalViews(service: ServiceResult, mitigations: MitigationIndex): SurvivalView[] {
  const view = (question: string, answer: SurvivalAnswer): SurvivalView => ({
    question,
    answer: answer.answer,
    answerTitle: SURVIVAL_TITLES[answer.answer],
    placement: answer.placement,
    mitigations: answer.mitigations.map((id) => {
      const m = mitigations.get(id);
      return { id, title: m?.title ?? id, kind: m ? REMEDIATION_LABELS[m.remediationKind] : "" };
    }),
    reasons: answer.reasons,
  });
  return [
    view("Survives IP movement?", service.survival["ip-movement"]),
    view("Survives being killed mid-operation?", service.survival.termination),
  ];
}

/** The mitigation plan of the recommended placement, labelled deployment change, runbook step or upstream change. */
export function buildPlanView(service: ServiceResult, mitigations: MitigationIndex): PlanStepView[] {
  const result = service.results.find((r) => r.placement === service.recommendation.placement);
  return (result?.plan ?? []).map((step) => {
    const m = mitigations.get(step.mitigation);
    return {
      mitigation: step.mitigation,
      title: m?.title ?? step.mitigation,
      kind: REMEDIATION_LABELS[step.remediationKind],
      effort: step.effort,
      cost: m?.cost ?? "",
      lifts: step.lifts.join(", "),
    };
  });
}

/** The upstream refactoring ranking: each upstream change with the services it would unlock, most first. */
export function buildUpstreamView(assessment: Assessment): UpstreamView[] {
  return (assessment.upstream ?? []).map((u) => ({
    mitigation: u.mitigation,
    title: u.title,
    effort: u.effort,
    count: u.unlocks.length,
    services: u.unlocks.map((x) => `${x.service} (${x.placement})`).join(", "),
  }));
}
