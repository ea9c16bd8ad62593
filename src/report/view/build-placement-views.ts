import { compareText } from "../../load/problem.js";
import type { Assessment } from "../../model/assessment.js";
import { describeValue } from "./describe-value.js";
import type { ReportView } from "./report-view.js";
import { toLink } from "./to-link.js";

function describeBoolean(value: unknown): string {
  return value === true ? "yes" : value === false ? "no" : "not stated";
}

/** Each placement as the placements table describes it: grace, what stays stable, events and evidence. */
export function buildPlacementViews(assessment: Assessment): ReportView["placements"] {
  return assessment.placements.map((p) => {
    const events = p.spec.events && typeof p.spec.events === "object" ? (p.spec.events as Record<string, unknown>) : {};
    const evidence = Array.isArray(p.spec.evidence) ? (p.spec.evidence as Record<string, unknown>[]) : [];
    return {
      name: p.name,
      title: p.title,
      description: p.description ?? "",
      grace: p.spec.graceSeconds === undefined ? "not stated" : `${describeValue(p.spec.graceSeconds)} s`,
      ipStable: describeBoolean(p.spec.ipStable),
      hostnameStable: describeBoolean(p.spec.hostnameStable),
      moves: describeBoolean(p.spec.movesBetweenHosts),
      events: Object.keys(events)
        .sort(compareText)
        .map((k) => `${k} ${describeValue(events[k])}`)
        .join(", "),
      evidence: evidence.map((e) => ({
        fact: describeValue(e.fact),
        claim: describeValue(e.claim),
        source: toLink(describeValue(e.source)),
        inference: e.inference === true,
      })),
    };
  });
}
