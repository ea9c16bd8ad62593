import { describe, expect, it } from "vitest";
import type { Workload } from "../src/model/assessment.js";
import { findingsOfResult, findingsOfResultUnder, indexFindingsBySubject } from "../src/model/subject-key.js";

const workload = (name: string, line = 1): Workload => ({ kind: "Deployment", namespace: "openstack", name, file: "a.yaml", line });

describe("indexFindingsBySubject", () => {
  it("gathers each subject's findings however they are interleaved, by what the workload is, not which object", () => {
    const api = workload("nova-api");
    const sameApi = workload("nova-api");
    const other = workload("nova-api", 40);
    const findings = [
      { id: 1, service: "nova-api", workload: api },
      { id: 2, service: "nova-api", workload: api },
      { id: 3, service: "nova-api", workload: other },
      { id: 4, service: "nova-api", workload: sameApi },
      { id: 5, service: "nova-api", workload: undefined },
      { id: 6, service: "keystone", workload: api },
      { id: 7, service: "nova-api", workload: api },
      { id: 8, service: "nova-api", workload: undefined },
    ];
    const index = indexFindingsBySubject(findings);
    const ids = (result: { name: string; workload?: Workload }) => findingsOfResult(index, result).map((f) => f.id);
    expect(ids({ name: "nova-api", workload: api })).toEqual([5, 8, 1, 2, 4, 7]);
    expect(ids({ name: "nova-api", workload: other })).toEqual([5, 8, 3]);
    expect(ids({ name: "keystone", workload: api })).toEqual([6]);
    expect(ids({ name: "nova-api" })).toEqual([5, 8]);
    expect([...index.values()].flat()).toHaveLength(findings.length);
  });

  it("gives a subject's findings under one placement in the order findingsOfResult gives them all", () => {
    const api = workload("nova-api");
    const other = workload("nova-api", 40);
    const placements = ["poci", "k8s-scheduled"];
    const findings = Array.from({ length: 24 }, (_, id) => ({
      id,
      service: id % 7 === 0 ? "keystone" : "nova-api",
      workload: id % 3 === 0 ? undefined : id % 3 === 1 ? api : other,
      placement: placements[id % 2] as string,
    }));
    const index = indexFindingsBySubject(findings);
    for (const result of [
      { name: "nova-api", workload: api },
      { name: "nova-api", workload: other },
      { name: "nova-api" },
      { name: "keystone", workload: api },
      { name: "nova", workload: api },
    ]) {
      for (const placement of [...placements, "swarm"]) {
        const all = findingsOfResult(index, result).filter((f) => f.placement === placement);
        expect(findingsOfResultUnder(index, result, placement)).toEqual(all);
      }
    }
    expect(findingsOfResultUnder(index, { name: "nova-api", workload: api }, "poci").map((f) => f.id)).toEqual([6, 12, 18, 4, 10, 16, 22]);
  });
});
