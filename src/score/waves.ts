import type { Assessment, Finding, ServiceResult } from "../model/assessment.js";
import type { WaveFamily } from "../model/placement.js";
import { describeSubject, indexFindingsBySubject, subjectFindingLists } from "../model/subject-key.js";
import { isAcceptableFit } from "./recommend.js";

/** What the waves read of a finding. */
export type WaveFinding = Pick<Finding, "service" | "workload" | "placement" | "status" | "rule">;

/** What the waves need to know of each placement: its wave family. */
export type WaveFamilies = ReadonlyMap<string, WaveFamily>;

/** The migration waves of DESIGN §6, in order, by the wave family of the recommended placement. */
export const WAVES = [
  { wave: 1, title: "Ready for a scheduler", family: "scheduled" },
  { wave: 2, title: "Scheduler with mitigations", family: "scheduled" },
  { wave: 3, title: "Scheduler-managed, pinned to hosts", family: "pinned" },
  { wave: 4, title: "Stay on fixed hosts", family: "fixed" },
  { wave: 5, title: "Insufficient data to decide", family: null },
] as const satisfies readonly { wave: number; title: string; family: WaveFamily | null }[];

/**
 * The wave of one service from its recommendation and the recommended placement's wave family:
 * 1 when a `scheduled` placement is ready, 2 when it is ready with mitigations, 3 when a `pinned`
 * placement is acceptable, 5 when the data is insufficient, 4 (stays) otherwise.
 */
export function waveOf(service: Pick<ServiceResult, "recommendation">, families: WaveFamilies): number {
  const { placement, fit } = service.recommendation;
  if (fit === "unknown") return 5;
  const family = families.get(placement);
  if (family === "scheduled" && fit === "ready") return 1;
  if (family === "scheduled" && fit === "ready-with-mitigations") return 2;
  if (family === "pinned" && isAcceptableFit(fit)) return 3;
  return 4;
}

/**
 * Groups services into waves with their plan effort, blockers and reasons; wave 2 is ordered by
 * plan effort. Blockers are the rules still failing under each member's recommended placement (for
 * services that stay: under the first `pinned` placement of their results, the closest scheduler
 * placement; for insufficient data: the rules that lack facts).
 */
export function planWaves(
  services: readonly ServiceResult[],
  findings: readonly WaveFinding[],
  families: WaveFamilies,
): Assessment["waves"] {
  // By subject: a workload's own findings and those of its service that hold for every workload.
  const bySubject = indexFindingsBySubject(findings);
  // The rules of the findings of a status under a placement. A service's shared findings are the same
  // for each of its workloads: theirs are found once per service, placement and status.
  const rulesOf = (list: readonly WaveFinding[], placement: string, status: Finding["status"]) =>
    list.filter((f) => f.placement === placement && f.status === status).map((f) => f.rule);
  const sharedRules = new Map<string, readonly string[]>();
  return planWavesBy(
    services,
    (service) => {
      const { placement, status } = blockerQuery(service, families);
      const { shared, own } = subjectFindingLists(bySubject, service);
      const key = `${service.name}\u0000${placement}\u0000${status}`;
      let fromShared = sharedRules.get(key);
      if (!fromShared) {
        fromShared = rulesOf(shared, placement, status);
        sharedRules.set(key, fromShared);
      }
      return [...fromShared, ...rulesOf(own, placement, status)];
    },
    families,
  );
}

/**
 * Where a service's wave blockers are found: the rules whose findings have `status` under
 * `placement`. Blockers fail under the recommended placement (for those that stay, under the first
 * `pinned` placement of their results); for insufficient data, they are the rules that lack facts.
 */
export function blockerQuery(
  service: Pick<ServiceResult, "wave" | "results" | "recommendation">,
  families: WaveFamilies,
): { placement: string; status: "fail" | "unknown" } {
  const placement =
    service.wave === 4
      ? (service.results.find((r) => families.get(r.placement) === "pinned")?.placement ?? service.recommendation.placement)
      : service.recommendation.placement;
  return { placement, status: service.wave === 5 ? "unknown" : "fail" };
}

/** `planWaves` with each service's blockers given by `blockersOf` (the rules `blockerQuery` names; a rule may come twice). */
function planWavesBy(
  services: readonly ServiceResult[],
  blockersOf: (service: ServiceResult) => Iterable<string>,
  families: WaveFamilies,
): Assessment["waves"] {
  const placementsOf = (family: WaveFamily | null) =>
    [...families.entries()]
      .filter(([, f]) => f === family)
      .map(([name]) => name)
      .sort();
  return WAVES.map(({ wave, title, family }) => {
    const members = services.filter((s) => s.wave === wave);
    const planEffortOf = (s: ServiceResult) => s.results.find((r) => r.placement === s.recommendation.placement)?.planEffort ?? 0;
    const ordered = [...members].sort(
      (a, b) => (wave === 2 ? planEffortOf(a) - planEffortOf(b) : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    const counts = new Map<string, number>();
    for (const service of ordered) {
      for (const rule of new Set(blockersOf(service))) counts.set(rule, (counts.get(rule) ?? 0) + 1);
    }
    const blockers = [...counts.entries()]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .map(([rule, count]) => ({ rule, services: count }));
    // Each member named once, its reason built on the same name: an estate's waves name every workload.
    const names = ordered.map((s) => describeSubject(s.name, s.workload));
    return {
      wave,
      title,
      family,
      placement: placementsOf(family).join(", "),
      services: names,
      effort: wave >= 4 ? 0 : ordered.reduce((sum, s) => sum + planEffortOf(s), 0),
      blockers,
      reasons: ordered.map((s, i) => `${names[i]}: ${s.recommendation.reasons.at(-1) ?? s.recommendation.fit}`),
    };
  });
}
