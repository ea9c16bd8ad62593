import type { Assessment, Finding, ServiceResult, Workload } from "../model/assessment.js";
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

/** Groups by service, placement and rule: three lookups of names, never a key built per finding. */
class GroupIndex<G> {
  private readonly index = new Map<string, Map<string, Map<string, G>>>();
  /** The groups of the service and placement looked up last: a workload's findings come placement by placement, rule by rule. */
  private last: { service: string; placement: string; byRule: Map<string, G> } | undefined;

  groupsOf(service: string, placement: string): Map<string, G> {
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
}

/**
 * Findings of workloads that may hold for every workload of their service: kept once without a
 * workload when every workload of the service reports them and they agree, else once per workload
 * that reports them. A service with one workload keeps it. The groups are `SharedFindingGroups`';
 * this keeps each group's workloads, and the finding of each that does not agree with the first, to
 * list them at the end.
 */
export class SharedFindings {
  private readonly groups = new SharedFindingGroups();
  /** Per group, its workloads in the order they were added; `own` is the finding of the first and of each that does not agree. */
  private readonly members: { workload: Workload; own?: Finding }[][] = [];

  /** Counts a workload of `service`, whether or not it reports any finding (`SharedFindingGroups.assessing`). */
  assessing(service: string): void {
    this.groups.assessing(service);
  }

  add(finding: Finding, workload: Workload): void {
    const { group, agrees } = this.groups.add(finding, workload);
    let members = this.members[group];
    if (members === undefined) {
      members = [];
      this.members[group] = members;
    }
    members.push(agrees ? { workload } : { workload, own: finding });
  }

  /** The findings, group by group in the order they were first added: each group's agreeing workloads, then the others. */
  resolve(): Finding[] {
    const once = this.groups.keptOnce();
    const out: Finding[] = [];
    for (let group = 0; group < this.members.length; group++) {
      if (once[group] === 1) {
        out.push(this.groups.keptOnceFinding(group));
        continue;
      }
      // Only the first workload's own facts are cited: the others agree with it on what the finding says, not on where.
      const [first, ...rest] = this.members[group] as { workload: Workload; own?: Finding }[];
      out.push(findingOfWorkload(first?.own as Finding, first?.workload as Workload));
      for (const { workload, own } of rest) if (own === undefined) out.push(this.groups.agreeing(group, workload));
      for (const { workload, own } of rest) if (own !== undefined) out.push(findingOfWorkload(own, workload));
    }
    return out;
  }
}

/**
 * `SharedFindings` decided as the findings come, for a run that lists each workload's findings as it
 * is assessed (`FindingSink`): which groups are kept once is known at the end. A group keeps its first
 * finding, two flags and how many workloads reported it, not its workloads.
 */
export class SharedFindingGroups {
  private readonly groups: { first: Finding; firstAt: Workload; differs: boolean; spread: boolean; reported: number }[] = [];
  private readonly index = new GroupIndex<number>();
  /** How many workloads of each service were assessed. */
  private readonly workloads = new Map<string, number>();

  /**
   * Counts a workload of `service` as assessed, whether or not it reports any finding: a group is
   * kept once only when every workload of its service reports its finding. A rule that does not
   * apply to a workload (a Job, for a rule about long-running pods) leaves it out of the group, and
   * the finding then does not hold for every workload.
   */
  assessing(service: string): void {
    this.workloads.set(service, (this.workloads.get(service) ?? 0) + 1);
  }

  /**
   * Adds a workload's finding to its group; returns the group's number, and whether the finding agrees
   * with the group's first without being it. Unless the group is kept once, `workload` lists the
   * first's finding, citing no location, when it agrees (`agreeing`), and its own otherwise.
   */
  add(finding: Finding, workload: Workload): { group: number; agrees: boolean } {
    const byRule = this.index.groupsOf(finding.service, finding.placement);
    const known = byRule.get(finding.rule);
    if (known === undefined) {
      byRule.set(finding.rule, this.groups.length);
      this.groups.push({ first: finding, firstAt: workload, differs: false, spread: false, reported: 1 });
      return { group: this.groups.length - 1, agrees: false };
    }
    const group = this.groups[known] as SharedFindingGroups["groups"][number];
    group.reported += 1;
    if (!saysTheSame(group.first, finding)) {
      group.differs = true;
      return { group: known, agrees: false };
    }
    if (workload.file !== group.firstAt.file || workload.line !== group.firstAt.line) group.spread = true;
    return { group: known, agrees: true };
  }

  /** The finding a workload that agrees with group `group`'s first lists: the first's, with the workload and citing no location. */
  agreeing(group: number, workload: Workload): Finding {
    return findingOfWorkload((this.groups[group] as SharedFindingGroups["groups"][number]).first, workload, NO_LOCATIONS);
  }

  /**
   * Flagged 1, the groups kept once without a workload: those every workload of the service reports
   * (as `assessing` counted them), that all agree and are not all at one place.
   */
  keptOnce(): Uint8Array {
    const once = new Uint8Array(this.groups.length);
    for (let i = 0; i < this.groups.length; i++) {
      const group = this.groups[i] as SharedFindingGroups["groups"][number];
      if (!group.differs && group.spread && group.reported === this.workloads.get(group.first.service)) once[i] = 1;
    }
    return once;
  }

  /** The finding of group `group` as the assessment lists it when the group is kept once: its first's, citing no location. */
  keptOnceFinding(group: number): Finding {
    return { ...(this.groups[group] as SharedFindingGroups["groups"][number]).first, locations: NO_LOCATIONS };
  }

  /** The findings of the groups kept once, as the assessment lists them. */
  findingsKeptOnce(once: Uint8Array): Finding[] {
    const out: Finding[] = [];
    for (let i = 0; i < this.groups.length; i++) if (once[i] === 1) out.push(this.keptOnceFinding(i));
    return out;
  }
}

/**
 * Where a run that does not hold its findings sends them (`AssessOptions.findingSink`): each
 * workload's findings as it is assessed, then the order the assessment lists them in.
 */
export interface FindingSink {
  /** Called once before any finding, with the assessment's rules, placements and scoring, which its findings name. */
  begin(header: Pick<Assessment, "rules" | "placements" | "scoring">): void;
  /**
   * A finding of `workload`, the workload assessed now, as it lists it but for its workload, which is
   * given apart; `group` is its `SharedFindingGroups` group, or -1. One finding object may be given
   * for many workloads: a class's own finding is.
   */
  add(finding: Finding, workload: Workload, group: number): void;
  /**
   * A finding of the workload assessed now that agrees with the first of its group: listed, unless the
   * group is kept once, as `SharedFindingGroups.agreeing` gives it.
   */
  agree(group: number): void;
  /** Ends the findings of the workload assessed now, whose result is `result`: the next one's follow. Returns its number, from 0. */
  endWorkload(result: ServiceResult): number;
  /**
   * Called once every subject is assessed: the findings in the order the assessment lists them, each
   * a finding held in memory or the number of a workload (from `endWorkload`) whose findings follow in
   * the order they were given, but for those of the groups flagged in `keptOnce`. `agreeing` is
   * `SharedFindingGroups.agreeing`.
   */
  finish(listing: readonly (Finding | number)[], keptOnce: Uint8Array, agreeing: (group: number, workload: Workload) => Finding): void;
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
