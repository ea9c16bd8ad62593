import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";
import { tempDir } from "./helpers/cli.js";

const TOOL = { name: "blendcheck", version: "test" };

function conductorDeployment(grace: number): string {
  return [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: nova-conductor",
    "  labels: {application: nova, component: conductor}",
    "spec:",
    "  replicas: 2",
    "  selector: {matchLabels: {application: nova, component: conductor}}",
    "  template:",
    "    metadata:",
    "      labels: {application: nova, component: conductor}",
    "    spec:",
    `      terminationGracePeriodSeconds: ${grace}`,
    "      containers:",
    "        - name: nova-conductor",
    "          image: quay.io/openstack.kolla/nova-conductor:2026.1",
    "",
  ].join("\n");
}

function findingsFor(dir: string, service: string, placement: string) {
  const inputs = loadInputs({ paths: [dir], cwd: dir });
  expect(inputs.problems.filter((p) => p.severity === "error")).toEqual([]);
  const assessment = assess(inputs, { placements: [placement], tool: TOOL });
  return {
    assessment,
    finding: (rule: string) => assessment.findings.find((f) => f.service === service && f.placement === placement && f.rule === rule),
  };
}

describe("artifacts change the answer", () => {
  it("uses a manifest's terminationGracePeriodSeconds instead of the placement's 30 s", () => {
    const short = tempDir();
    writeFileSync(join(short, "conductor.yaml"), conductorDeployment(30));
    const long = tempDir();
    writeFileSync(join(long, "conductor.yaml"), conductorDeployment(180));

    const before = findingsFor(short, "nova-conductor", "k8s-scheduled").finding("termination/grace-covers-shutdown");
    const after = findingsFor(long, "nova-conductor", "k8s-scheduled");
    // It fails as-is; the longer grace period is the mitigation that lifts it.
    expect(before?.status).toBe("mitigated");
    expect(before?.mitigation).toBe("grace-period-covers-shutdown");
    expect(before?.locations.some((l) => l.file.endsWith("conductor.yaml") && l.line === 13)).toBe(true);
    expect(after.finding("termination/grace-covers-shutdown")?.status).toBe("pass");
    const result = after.assessment.services.find((s) => s.name === "nova-conductor")?.results[0];
    expect(result?.detected).toBe(true);
  });

  it("treats a config that pins `host` as a stable identity", () => {
    const unpinned = tempDir();
    writeFileSync(join(unpinned, "conductor.yaml"), conductorDeployment(180));
    const pinned = tempDir();
    writeFileSync(join(pinned, "conductor.yaml"), conductorDeployment(180));
    mkdirSync(join(pinned, "etc"));
    writeFileSync(join(pinned, "etc", "nova.conf"), "[DEFAULT]\nhost = nova-conductor-0\n");

    // Unpinned, it fails as-is and only a service record cleaner lifts it.
    const before = findingsFor(unpinned, "nova-conductor", "k8s-scheduled").finding("ip-movement/identity-from-hostname");
    expect(before?.status).toBe("mitigated");
    expect(before?.mitigation).toBe("service-record-cleaner");
    const after = findingsFor(pinned, "nova-conductor", "k8s-scheduled").finding("ip-movement/identity-from-hostname");
    expect(after?.status).toBe("pass");
  });
});
