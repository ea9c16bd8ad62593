import type { Assessment, ServiceResult } from "../model/assessment.js";

/** The migration waves of DESIGN §6, in order. */
export const WAVES = [
  { wave: 1, title: "Ready for Kubernetes scheduling", placement: "k8s-scheduled" },
  { wave: 2, title: "Kubernetes scheduling with mitigations", placement: "k8s-scheduled" },
  { wave: 3, title: "Kubernetes, pinned to hosts", placement: "k8s-pinned" },
  { wave: 4, title: "Stay on fixed hosts (POCI)", placement: "poci" },
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

/** Groups services into waves with their effort and reasons; wave 2 is ordered by effort. */
export function planWaves(services: readonly ServiceResult[]): Assessment["waves"] {
  return WAVES.map(({ wave, title, placement }) => {
    const members = services.filter((s) => s.wave === wave);
    const effortOf = (s: ServiceResult) =>
      s.results.find((r) => r.placement === (wave === 4 ? s.delta.target : s.recommendation.placement))?.effort ?? 0;
    const ordered = [...members].sort(
      (a, b) => (wave === 2 ? effortOf(a) - effortOf(b) : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    return {
      wave,
      title,
      placement,
      services: ordered.map((s) => s.name),
      effort: wave === 4 ? 0 : ordered.reduce((sum, s) => sum + effortOf(s), 0),
      reasons: ordered.map((s) => `${s.name}: ${s.recommendation.reasons.at(-1) ?? s.recommendation.fit}`),
    };
  });
}
