import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { subjectFindings } from "../src/gate/waivers.js";
import type { ServiceResult, Workload } from "../src/model/assessment.js";
import { isFindingOf } from "../src/model/subject-key.js";
import { sampleFinding } from "./gate-sample.js";

/** Workloads that differ in one of what tells them apart: file, line or name (kind and namespace do not). */
const WORKLOADS: Workload[] = [
  { kind: "Deployment", namespace: "a", name: "api", file: "deploy/a.yaml", line: 1 },
  { kind: "Deployment", namespace: "a", name: "api", file: "deploy/a.yaml", line: 30 },
  { kind: "Deployment", namespace: "a", name: "api", file: "deploy/b.yaml", line: 1 },
  { kind: "StatefulSet", namespace: "b", name: "db", file: "deploy/a.yaml", line: 1 },
];
const SERVICES = ["keystone-api", "nova-api", "glance-api"];

const finding = fc.record({
  service: fc.constantFrom(...SERVICES),
  workload: fc.option(fc.constantFrom(...WORKLOADS), { nil: undefined }),
  rule: fc.constantFrom("r/a", "r/b", "r/c"),
});

describe("subjectFindings", () => {
  test.prop([fc.array(finding, { maxLength: 60 }), fc.subarray(SERVICES, { minLength: 1 })])(
    "gives each subject of the services the findings isFindingOf gives it, in the order of the findings",
    (drawn, services) => {
      const findings = drawn.map(({ service, workload, rule }, i) =>
        sampleFinding({ service, rule, message: `finding ${i}`, ...(workload ? { workload } : {}) }),
      );
      const findingsOf = subjectFindings(findings, new Set(services));
      const results: Pick<ServiceResult, "name" | "workload">[] = services.flatMap((name) => [
        { name },
        ...WORKLOADS.map((workload) => ({ name, workload })),
      ]);
      for (const result of results) {
        expect(findingsOf(result as ServiceResult)).toEqual(findings.filter((f) => isFindingOf(f, result)));
      }
    },
  );
});
