import { describe, expect, it } from "vitest";
import type { Assessment, Workload } from "../src/model/assessment.js";
import { describeSubject } from "../src/model/subject-key.js";
import { renderHtml } from "../src/report/render.js";
import { buildWaveViews } from "../src/report/view/build-wave-views.js";
import { sampleAssessment, sampleFinding } from "./gate-sample.js";

const workload = (name: string, line: number): Workload => ({ kind: "Deployment", namespace: "ns", name, file: "deploy/api.yaml", line });

/** A wave of three keystone-api workloads (two in it for the same reason), and of nova-conductor from the catalog alone. */
function oneWave(): Assessment {
  const base = sampleAssessment([sampleFinding()]);
  const service = base.services[0];
  const keystones = [workload("api-a", 1), workload("api-b", 40), workload("api-c", 80)];
  const subjects = [...keystones.map((w) => ({ name: "keystone-api", workload: w })), { name: "nova-conductor", workload: undefined }];
  const reasons = ["k8s-scheduled: ready, overall 90", "k8s-scheduled: ready, overall 90", "k8s-pinned: needs work", "poci: ready"];
  return {
    ...base,
    services: subjects.map(({ name, workload }) => ({
      ...(service as Assessment["services"][number]),
      name,
      ...(workload ? { workload } : {}),
    })),
    waves: [
      {
        wave: 1,
        title: "Scheduled now",
        family: "scheduled",
        placement: "k8s-scheduled",
        services: subjects.map((s) => describeSubject(s.name, s.workload)),
        effort: 0,
        blockers: [],
        reasons: subjects.map((s, i) => `${describeSubject(s.name, s.workload)}: ${reasons[i]}`),
      },
    ],
  } as Assessment;
}

describe("a wave's reasons", () => {
  it("take one line per service and reason, counting the workloads that share it", () => {
    const [wave] = buildWaveViews(oneWave());
    expect(wave?.reasonLines).toEqual([
      "keystone-api (2 workloads): k8s-scheduled: ready, overall 90",
      "keystone-api (Deployment ns/api-c at deploy/api.yaml:80): k8s-pinned: needs work",
      "nova-conductor: poci: ready",
    ]);
    expect(wave?.reasons).toHaveLength(4);
  });

  it("are what the HTML report lists under each wave", () => {
    const html = renderHtml(oneWave());
    expect(html).toContain("<li>keystone-api (2 workloads): k8s-scheduled: ready, overall 90</li>");
    expect(html).not.toContain("api-a at deploy/api.yaml:1): k8s-scheduled");
    expect(html).toContain("<summary>Reasons (4)</summary>");
  });
});
