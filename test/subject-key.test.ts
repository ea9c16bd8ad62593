import { describe, expect, it } from "vitest";
import type { Workload } from "../src/model/assessment.js";
import { findingsOfResult, indexFindingsBySubject, subjectFindingLists } from "../src/model/subject-key.js";

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

  it("splits a subject's findings into its service's shared ones and its workload's own, which findingsOfResult joins", () => {
    const api = workload("nova-api");
    const other = workload("nova-api", 40);
    const findings = Array.from({ length: 24 }, (_, id) => ({
      id,
      service: id % 7 === 0 ? "keystone" : "nova-api",
      workload: id % 3 === 0 ? undefined : id % 3 === 1 ? api : other,
    }));
    const index = indexFindingsBySubject(findings);
    const ids = (list: { id: number }[]) => list.map((f) => f.id);
    const lists = subjectFindingLists(index, { name: "nova-api", workload: api });
    expect({ shared: ids(lists.shared), own: ids(lists.own) }).toEqual({ shared: [3, 6, 9, 12, 15, 18], own: [1, 4, 10, 13, 16, 19, 22] });
    for (const result of [
      { name: "nova-api", workload: other },
      { name: "nova-api" },
      { name: "keystone", workload: api },
      { name: "nova", workload: api },
    ]) {
      const { shared, own } = subjectFindingLists(index, result);
      expect([...shared, ...own]).toEqual(findingsOfResult(index, result));
    }
    expect(subjectFindingLists(index, { name: "nova-api" }).own).toEqual([]);
    expect(subjectFindingLists(index, { name: "nova", workload: api })).toEqual({ shared: [], own: [] });
    expect(findingsOfResult(index, { name: "nova", workload: api })).toEqual([]);
  });
});
