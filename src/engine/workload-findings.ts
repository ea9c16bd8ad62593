import type { Finding, Workload } from "../model/assessment.js";
import type { SourceLocation } from "../model/facts.js";
import { NO_LOCATIONS } from "./evaluate.js";

/**
 * A finding as one workload reports it, citing `locations`. A finding with only the keys every
 * finding has is copied as one literal of fixed shape, its keys in the order a spread would give:
 * this runs for every reported finding of every workload, and a spread followed by a key the
 * finding lacks allocates twice.
 */
export function findingOfWorkload(finding: Finding, workload: Workload, locations: SourceLocation[] = finding.locations): Finding {
  if (finding.missing !== undefined || finding.mitigation !== undefined || finding.waiver !== undefined || finding.workload !== undefined) {
    return { ...finding, locations, workload };
  }
  return {
    rule: finding.rule,
    service: finding.service,
    placement: finding.placement,
    status: finding.status,
    severity: finding.severity,
    dimension: finding.dimension,
    trigger: finding.trigger,
    effort: finding.effort,
    message: finding.message,
    locations,
    workload,
  };
}

/**
 * Findings of workloads that hold for every workload of their service: kept once without a
 * workload when they agree, else once per workload. A service with one workload keeps it.
 */
export class SharedFindings {
  /** Per (service, placement, rule): the first finding, the workloads that agree with it, and those that do not. */
  private readonly groups: SharedGroup[] = [];
  /** The groups by service, placement and rule: three lookups of names, never a key built per finding. */
  private readonly index = new Map<string, Map<string, Map<string, SharedGroup>>>();

  /** The groups of the service and placement added to last: a workload's findings come placement by placement, rule by rule. */
  private last: { service: string; placement: string; byRule: Map<string, SharedGroup> } | undefined;

  add(finding: Finding, workload: Workload): void {
    const byRule = this.groupsOf(finding.service, finding.placement);
    const group = byRule.get(finding.rule);
    if (!group) {
      const created = { first: finding, agreeing: [workload], differing: [] };
      byRule.set(finding.rule, created);
      this.groups.push(created);
    } else if (saysTheSame(group.first, finding)) group.agreeing.push(workload);
    else group.differing.push({ finding, workload });
  }

  private groupsOf(service: string, placement: string): Map<string, SharedGroup> {
    const last = this.last;
    if (last !== undefined && last.service === service && last.placement === placement) return last.byRule;
    let byPlacement = this.index.get(service);
    if (!byPlacement) {
      byPlacement = new Map();
      this.index.set(service, byPlacement);
    }
    let byRule = byPlacement.get(placement);
    if (!byRule) {
      byRule = new Map();
      byPlacement.set(placement, byRule);
    }
    this.last = { service, placement, byRule };
    return byRule;
  }

  /** The findings, group by group in the order they were first added. */
  resolve(): Finding[] {
    const out: Finding[] = [];
    for (const { first, agreeing, differing } of this.groups) {
      if (differing.length === 0 && !oneWorkload(agreeing)) {
        out.push({ ...first, locations: NO_LOCATIONS });
        continue;
      }
      // Only the first workload's own facts are cited: the others agree with it on what the finding says, not on where.
      for (const workload of agreeing) {
        out.push(findingOfWorkload(first, workload, workload === agreeing[0] ? first.locations : NO_LOCATIONS));
      }
      for (const { finding, workload } of differing) out.push(findingOfWorkload(finding, workload));
    }
    return out;
  }
}

interface SharedGroup {
  first: Finding;
  agreeing: Workload[];
  differing: { finding: Finding; workload: Workload }[];
}

/** True when every workload is at the file and line of the first. */
function oneWorkload(workloads: readonly Workload[]): boolean {
  const { file, line } = workloads[0] as Workload;
  return workloads.every((w) => w.file === file && w.line === line);
}

/** True when two findings say the same thing to a reader, wherever they are: status, mitigation, message and missing facts. */
function saysTheSame(a: Finding, b: Finding): boolean {
  // Workloads of one class mostly report the class's own finding, one object.
  if (a === b) return true;
  if (a.status !== b.status || (a.mitigation ?? "") !== (b.mitigation ?? "") || a.message !== b.message) return false;
  const left = a.missing ?? [];
  const right = b.missing ?? [];
  return left.length === right.length && left.every((fact, i) => fact === right[i]);
}
