import type { Finding, ServiceResult, Workload } from "./assessment.js";

/** How a workload is named to a reader: `Deployment namespace/name`, the namespace left out when the manifest names none. */
export function describeWorkload(workload: Pick<Workload, "kind" | "namespace" | "name">): string {
  return `${workload.kind} ${workload.namespace === "" ? "" : `${workload.namespace}/`}${workload.name}`;
}

/** The subject a result or finding is about: the service, and the workload when there is one. */
export function describeSubject(service: string, workload?: Workload): string {
  return workload ? `${service} (${describeWorkload(workload)} at ${workload.file}:${workload.line})` : service;
}

/** A key for one subject, stable across edits that move lines: the service and the workload's kind, namespace and name. */
export function subjectKeyOf(service: string, workload?: Pick<Workload, "kind" | "namespace" | "name">): string {
  return workload ? `${service}[${describeWorkload(workload)}]` : service;
}

/**
 * True when the finding concerns the result's subject: its own workload's findings, and the findings
 * that hold for every workload of the service (which carry no workload).
 */
export function isFindingOf(finding: Pick<Finding, "service" | "workload">, result: Pick<ServiceResult, "name" | "workload">): boolean {
  if (finding.service !== result.name) return false;
  if (!finding.workload) return true;
  const own = result.workload;
  return (
    own !== undefined && own.file === finding.workload.file && own.line === finding.workload.line && own.name === finding.workload.name
  );
}
