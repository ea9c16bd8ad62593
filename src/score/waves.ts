import type { Assessment, Finding, ServiceResult } from "../model/assessment.js";
import { blockersOf } from "./recommend.js";

/** The migration waves of DESIGN §6, in order. */
export const WAVES = [
  { wave: 1, title: "Ready for Kubernetes scheduling", family: "scheduled", placement: "k8s-scheduled" },
  { wave: 2, title: "Kubernetes scheduling with mitigations", family: "scheduled", placement: "k8s-scheduled" },
  { wave: 3, title: "Kubernetes, pinned to hosts", family: "pinned", placement: "k8s-pinned" },
  { wave: 4, title: "Stay on fixed hosts (POCI)", family: "fixed", placement: "poci" },
] as const;

/**
 * The wave of one service: 1 when k8s-scheduled is ready, 2 when it is ready with mitigations,
 * 3 when the recommendation is k8s-pinned, 4 (stays POCI) otherwise.
 */
export function waveOf(service: Pick<ServiceResult, "recommendation">): number {
  const { placement, fit } = service.recommendation;
  if (placement === "k8s-scheduled" && fit === "ready") return 1;
  if (placement === "k8s-scheduled" && fit === "ready-with-mitigations") return 2;
  if (placement === "k8s-pinned" && (fit === "ready" || fit === "ready-with-mitigations")) return 3;
  return 4;
}

/**
 * Groups services into waves with their effort, blockers and reasons. Wave 2 is ordered by effort.
 * Blockers are the rules that fail for the wave's services under the wave's placement (for the
 * services that stay on POCI: under k8s-pinned, the closest scheduler placement), most common first.
 */
export function planWaves(services: readonly ServiceResult[], findings: readonly Finding[]): Assessment["waves"] {
  return WAVES.map(({ wave, title, family, placement }) => {
    const members = services.filter((s) => s.wave === wave);
    const blockedUnder = wave === 4 ? "k8s-pinned" : placement;
    const effortOf = (s: ServiceResult) => s.results.find((r) => r.placement === placement)?.effort ?? 0;
    const ordered = [...members].sort(
      (a, b) => (wave === 2 ? effortOf(a) - effortOf(b) : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    const names = new Set(ordered.map((s) => s.name));
    const counts = new Map<string, number>();
    for (const f of blockersOf(findings.filter((f) => f.placement === blockedUnder && names.has(f.service)))) {
      counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
    }
    const blockers = [...counts.entries()]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .map(([rule, count]) => ({ rule, services: count }));
    return {
      wave,
      title,
      family,
      placement,
      services: ordered.map((s) => s.name),
      effort: wave === 4 ? 0 : ordered.reduce((sum, s) => sum + effortOf(s), 0),
      blockers,
      reasons: ordered.map((s) => `${s.name}: ${reasonFor(s, wave)}`),
    };
  });
}

function reasonFor(service: ServiceResult, wave: number): string {
  const reasons = service.recommendation.reasons;
  if (wave === 4) return reasons.find((r) => r.startsWith("k8s-pinned:")) ?? reasons.at(-1) ?? service.recommendation.fit;
  return reasons.at(-1) ?? service.recommendation.fit;
}
