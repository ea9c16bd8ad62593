import { describe, expect, it } from "vitest";
import type { FitLevel, ServiceResult } from "../src/model/assessment.js";
import { planWaves, type WaveFamilies, waveOf } from "../src/score/waves.js";
import { sampleAssessment, sampleFinding, sampleResult } from "./gate-sample.js";

const FAMILIES: WaveFamilies = new Map([
  ["k8s-scheduled", "scheduled"],
  ["swarm", "scheduled"],
  ["k8s-pinned", "pinned"],
  ["poci", "fixed"],
]);

/** A service recommended `placement` at `fit`, in `wave`, with a result per placement given (plan effort as given). */
function service(
  name: string,
  placement: string,
  fit: FitLevel,
  wave: number,
  results: { placement: string; planEffort?: number }[] = [{ placement }],
  reasons: string[] = [],
): ServiceResult {
  const base = sampleAssessment([], { [name]: [] }).services[0] as ServiceResult;
  return {
    ...base,
    name,
    results: results.map((r) => sampleResult({ placement: r.placement, planEffort: r.planEffort ?? 0 })),
    recommendation: { placement, fit, reasons },
    wave,
  };
}

describe("waveOf", () => {
  const rec = (placement: string, fit: FitLevel) => ({ recommendation: { placement, fit, reasons: [] } });

  it("puts a ready scheduler placement in wave 1 and one ready with mitigations in wave 2", () => {
    expect(waveOf(rec("k8s-scheduled", "ready"), FAMILIES)).toBe(1);
    expect(waveOf(rec("swarm", "ready-with-mitigations"), FAMILIES)).toBe(2);
  });

  it("puts an acceptable pinned placement in wave 3, whether ready or ready with mitigations", () => {
    expect(waveOf(rec("k8s-pinned", "ready"), FAMILIES)).toBe(3);
    expect(waveOf(rec("k8s-pinned", "ready-with-mitigations"), FAMILIES)).toBe(3);
  });

  it("keeps everything else on fixed hosts (wave 4) and unknown fits in wave 5, whatever the family", () => {
    expect(waveOf(rec("poci", "ready"), FAMILIES)).toBe(4);
    expect(waveOf(rec("k8s-scheduled", "needs-work"), FAMILIES)).toBe(4);
    expect(waveOf(rec("k8s-pinned", "not-fit"), FAMILIES)).toBe(4);
    expect(waveOf(rec("nowhere", "ready"), FAMILIES)).toBe(4);
    expect(waveOf(rec("k8s-scheduled", "unknown"), FAMILIES)).toBe(5);
    expect(waveOf(rec("k8s-pinned", "unknown"), FAMILIES)).toBe(5);
  });
});

describe("planWaves", () => {
  it("returns the five waves in order, each with its family's placements sorted and comma-joined", () => {
    const waves = planWaves([], [], FAMILIES);
    expect(waves.map((w) => [w.wave, w.family, w.placement])).toEqual([
      [1, "scheduled", "k8s-scheduled, swarm"],
      [2, "scheduled", "k8s-scheduled, swarm"],
      [3, "pinned", "k8s-pinned"],
      [4, "fixed", "poci"],
      [5, null, ""],
    ]);
    expect(waves.every((w) => w.services.length === 0 && w.effort === 0 && w.blockers.length === 0)).toBe(true);
  });

  it("orders wave 2 by plan effort of the recommended placement, ties and other waves by name", () => {
    const services = [
      service("c", "swarm", "ready-with-mitigations", 2, [
        { placement: "k8s-scheduled", planEffort: 1 },
        { placement: "swarm", planEffort: 5 },
      ]),
      service("b", "swarm", "ready-with-mitigations", 2, [{ placement: "swarm", planEffort: 2 }]),
      service("a", "swarm", "ready-with-mitigations", 2, [{ placement: "swarm", planEffort: 5 }]),
      service("z", "k8s-scheduled", "ready", 1, [{ placement: "k8s-scheduled", planEffort: 3 }]),
      service("y", "k8s-scheduled", "ready", 1, [{ placement: "k8s-scheduled", planEffort: 9 }]),
    ];
    const waves = planWaves(services, [], FAMILIES);
    expect(waves[1]?.services).toEqual(["b", "a", "c"]);
    expect(waves[1]?.effort).toBe(12);
    expect(waves[0]?.services).toEqual(["y", "z"]);
    expect(waves[0]?.effort).toBe(12);
  });

  it("gives the services that stay or lack data no effort, and a recommended placement without a result counts 0", () => {
    const services = [
      service("stay", "poci", "ready", 4, [{ placement: "poci", planEffort: 7 }]),
      service("unsure", "k8s-scheduled", "unknown", 5, [{ placement: "k8s-scheduled", planEffort: 4 }]),
      service("pinned", "k8s-pinned", "ready", 3, [{ placement: "poci", planEffort: 6 }]),
    ];
    const waves = planWaves(services, [], FAMILIES);
    expect(waves.map((w) => w.effort)).toEqual([0, 0, 0, 0, 0]);
  });

  it("counts blockers under the recommended placement once per service, most common first, then by rule", () => {
    const services = [service("a", "k8s-scheduled", "ready", 1), service("b", "k8s-scheduled", "ready", 1)];
    const findings = [
      sampleFinding({ service: "a", rule: "r/x" }),
      sampleFinding({ service: "a", rule: "r/x", severity: "low" }),
      sampleFinding({ service: "a", rule: "r/w" }),
      sampleFinding({ service: "b", rule: "r/x" }),
      sampleFinding({ service: "b", rule: "r/v", placement: "swarm" }),
      sampleFinding({ service: "b", rule: "r/u", status: "pass" }),
      sampleFinding({ service: "b", rule: "r/t", status: "mitigated" }),
      sampleFinding({ service: "b", rule: "r/y" }),
    ];
    expect(planWaves(services, findings, FAMILIES)[0]?.blockers).toEqual([
      { rule: "r/x", services: 2 },
      { rule: "r/w", services: 1 },
      { rule: "r/y", services: 1 },
    ]);
  });

  it("takes a staying service's blockers under its first pinned result, else its recommendation", () => {
    const stays = service("s", "poci", "not-fit", 4, [{ placement: "poci" }, { placement: "k8s-pinned" }]);
    const noPinned = service("t", "poci", "not-fit", 4, [{ placement: "poci" }]);
    const findings = [
      sampleFinding({ service: "s", rule: "r/pinned", placement: "k8s-pinned" }),
      sampleFinding({ service: "s", rule: "r/fixed", placement: "poci" }),
      sampleFinding({ service: "t", rule: "r/fixed-t", placement: "poci" }),
    ];
    expect(planWaves([stays, noPinned], findings, FAMILIES)[3]?.blockers.map((b) => b.rule)).toEqual(["r/fixed-t", "r/pinned"]);
  });

  it("lists the rules lacking facts as the blockers of wave 5", () => {
    const unsure = service("u", "k8s-scheduled", "unknown", 5);
    const findings = [
      sampleFinding({ service: "u", rule: "r/missing", status: "unknown" }),
      sampleFinding({ service: "u", rule: "r/failing" }),
    ];
    expect(planWaves([unsure], findings, FAMILIES)[4]?.blockers).toEqual([{ rule: "r/missing", services: 1 }]);
  });

  it("counts each workload's blockers under its own placement and status, its service's shared findings included", () => {
    const at = (name: string, line: number) => ({ kind: "Deployment", namespace: "ns", name, file: "a.yaml", line });
    // A pinned result counts only for a service that stays on fixed hosts.
    const scheduled = {
      ...service("api", "k8s-scheduled", "ready-with-mitigations", 2, [{ placement: "k8s-scheduled" }, { placement: "k8s-pinned" }]),
      workload: at("api-a", 1),
    };
    const pinned = { ...service("api", "k8s-scheduled", "needs-work", 4, [{ placement: "k8s-pinned" }]), workload: at("api-b", 20) };
    const unsure = { ...service("api", "k8s-scheduled", "unknown", 5), workload: at("api-c", 40) };
    const twin = { ...service("api", "k8s-scheduled", "ready-with-mitigations", 2), workload: at("api-d", 60) };
    // Shared by every workload of api (no workload of their own), under both placements and with both statuses.
    const findings = [
      sampleFinding({ service: "api", placement: "k8s-scheduled", rule: "r/scheduled-fails" }),
      sampleFinding({ service: "api", placement: "k8s-scheduled", rule: "r/scheduled-unknown", status: "unknown" }),
      sampleFinding({ service: "api", placement: "k8s-pinned", rule: "r/pinned-fails" }),
      sampleFinding({ service: "api", placement: "k8s-scheduled", rule: "r/own", workload: at("api-d", 60) }),
    ];
    const waves = planWaves([scheduled, pinned, unsure, twin], findings, FAMILIES);
    const blockers = (wave: number) => waves[wave - 1]?.blockers;
    expect(blockers(2)).toEqual([
      { rule: "r/scheduled-fails", services: 2 },
      { rule: "r/own", services: 1 },
    ]);
    expect(blockers(4)).toEqual([{ rule: "r/pinned-fails", services: 1 }]);
    expect(blockers(5)).toEqual([{ rule: "r/scheduled-unknown", services: 1 }]);
  });

  it("names workloads by subject and gives each member's last reason, or its fit without one", () => {
    const workload = { kind: "Deployment", namespace: "ns", name: "api", file: "a.yaml", line: 2 };
    const withReasons = { ...service("a", "k8s-scheduled", "ready", 1, undefined, ["first", "last"]), workload };
    const without = service("b", "k8s-scheduled", "ready", 1);
    const wave = planWaves([withReasons, without], [], FAMILIES)[0];
    expect(wave?.services).toEqual(["a (Deployment ns/api at a.yaml:2)", "b"]);
    expect(wave?.reasons).toEqual(["a (Deployment ns/api at a.yaml:2): last", "b: ready"]);
  });
});

describe("planWaves ties", () => {
  it("orders members of a wave by name and blockers of equal count by rule, whatever the input order", () => {
    const names = ["c", "a", "b"];
    const findings = names.flatMap((name) =>
      ["r/z", "r/x", "r/y"].map((rule) => sampleFinding({ service: name, rule: `${rule}-${name}` })),
    );
    for (const order of [names, [...names].reverse()]) {
      const wave = planWaves(
        order.map((n) => service(n, "k8s-scheduled", "ready", 1)),
        findings,
        FAMILIES,
      )[0];
      expect(wave?.services).toEqual(["a", "b", "c"]);
      expect(wave?.blockers.map((b) => b.rule)).toEqual(["r/x-a", "r/x-b", "r/x-c", "r/y-a", "r/y-b", "r/y-c", "r/z-a", "r/z-b", "r/z-c"]);
    }
  });
});
