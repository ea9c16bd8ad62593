import type { Assessment, Finding, ServiceResult, Workload } from "./assessment.js";

/** How a workload is named to a reader: `Deployment namespace/name`, the namespace left out when the manifest names none. */
export function describeWorkload(workload: Pick<Workload, "kind" | "namespace" | "name">): string {
  return `${workload.kind} ${workload.namespace === "" ? "" : `${workload.namespace}/`}${workload.name}`;
}

/** The subject a result or finding is about: the service, and the workload when there is one. */
export function describeSubject(service: string, workload?: Workload): string {
  if (!workload) return service;
  // One flat string, made by `join`: concatenated, it would be a tree of its parts, and a large
  // estate's waves keep one for every workload.
  return [service, " (", describeWorkload(workload), " at ", workload.file, ":", workload.line, ")"].join("");
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

/**
 * Indexes findings by the subject they concern, in one pass: a result's own findings are
 * `findingsOfResult(index, result)`, so reading every subject's findings stays linear.
 */
export function indexFindingsBySubject<F extends Pick<Finding, "service" | "workload">>(findings: readonly F[]): Map<string, F[]> {
  const index = new Map<string, F[]>();
  // A subject's findings mostly come one after another, with the same workload object: the list of
  // the finding before is taken again without a key being built.
  let last: { service: string; workload: Workload | undefined; list: F[] } | undefined;
  for (const f of findings) {
    if (last !== undefined && last.workload === f.workload && last.service === f.service) {
      last.list.push(f);
      continue;
    }
    const key = indexKeyOf(f.service, f.workload);
    let list = index.get(key);
    if (list) list.push(f);
    else {
      list = [f];
      index.set(key, list);
    }
    last = { service: f.service, workload: f.workload, list };
  }
  return index;
}

/** The findings of one result's subject from an index: its service's shared findings, then its workload's own. */
export function findingsOfResult<F>(index: ReadonlyMap<string, F[]>, result: Pick<ServiceResult, "name" | "workload">): F[] {
  const { shared, own } = subjectFindingLists(index, result);
  return own.length === 0 ? shared : [...shared, ...own];
}

/**
 * The two lists `findingsOfResult` joins: the findings of the result's service that hold for every
 * one of its workloads, and those of its workload alone (none for a result without a workload).
 */
export function subjectFindingLists<F>(
  index: ReadonlyMap<string, F[]>,
  result: Pick<ServiceResult, "name" | "workload">,
): { shared: F[]; own: F[] } {
  const shared = index.get(result.name) ?? [];
  const workload = result.workload;
  const own = workload ? (index.get(indexKeyOf(result.name, workload)) ?? []) : [];
  return { shared, own };
}

/** Where `indexFindingsBySubject` files a finding: by its service, and its workload's file, line and name when it has one. */
function indexKeyOf(service: string, workload: Pick<Workload, "file" | "line" | "name"> | undefined): string {
  return workload ? `${service}\u0000${workload.file}\u0000${workload.line}\u0000${workload.name}` : service;
}

/** The full facts of a subject: its profile's facts with its own on top. */
export function factsOfSubject(assessment: Pick<Assessment, "profiles">, service: ServiceResult): Record<string, unknown> {
  const profile = assessment.profiles[service.name];
  return profile ? { ...profile.facts, ...service.facts } : service.facts;
}
