import { describe, expect, it } from "vitest";
import { buildPlacementSubject, buildServiceSubject } from "../src/engine/subject.js";
import type { ArtifactFacts } from "../src/extract/artifact-facts.js";
import type { Loaded } from "../src/load/documents.js";
import type { Placement } from "../src/model/placement.js";
import type { ServiceProfile } from "../src/model/profile.js";

function profile(name: string): Loaded<ServiceProfile> {
  const value = {
    metadata: { name, project: "nova", description: "d" },
    spec: { role: "api", identity: { source: "hostname" }, process: { sigterm: "graceful" }, logging: { default: "stdout" }, evidence: [] },
  };
  return { file: `profiles/${name}.yaml`, text: "", docIndex: 0, value } as unknown as Loaded<ServiceProfile>;
}

function runningUnder(placement: string, graceSeconds: number): ArtifactFacts {
  return {
    service: "nova-api",
    deployment: { source: "kubernetes", kind: "Deployment", placement, graceSeconds },
    locations: {},
  } as unknown as ArtifactFacts;
}

function placement(): Placement {
  return {
    apiVersion: "blendcheck/v1",
    kind: "Placement",
    metadata: { name: "k8s-scheduled", title: "Kubernetes, scheduled" },
    spec: { graceSeconds: 30, hostnameStable: false, evidence: [] },
  } as unknown as Placement;
}

describe("buildPlacementSubject sharing", () => {
  it("gives every service that was not detected under a placement the same subject of that placement", () => {
    const scheduled = placement();
    const api = buildPlacementSubject(scheduled, buildServiceSubject(profile("nova-api")));
    const elsewhere = buildPlacementSubject(scheduled, buildServiceSubject(profile("nova-conductor"), runningUnder("k8s-pinned", 90)));
    expect(elsewhere).toBe(api);
    expect(buildPlacementSubject(scheduled)).toBe(api);
    expect(buildPlacementSubject(placement())).not.toBe(api);
  });

  it("builds a subject of its own for a service detected under the placement, leaving the shared one as it was", () => {
    const scheduled = placement();
    const shared = buildPlacementSubject(scheduled);
    const here = buildPlacementSubject(scheduled, buildServiceSubject(profile("nova-api"), runningUnder("k8s-scheduled", 90)));
    expect(here).not.toBe(shared);
    expect(here).toMatchObject({ detected: true, facts: { graceSeconds: 90 } });
    expect(shared).toMatchObject({ detected: false, facts: { graceSeconds: 30 } });
    expect(buildPlacementSubject(scheduled, buildServiceSubject(profile("nova-api"), runningUnder("k8s-scheduled", 60)))).not.toBe(here);
  });
});
