import { describe, expect, it } from "vitest";
import { buildGenericSubject, buildPlacementSubject, buildServiceSubject, locateFacts } from "../src/engine/subject.js";
import type { ArtifactFacts } from "../src/extract/artifact-facts.js";
import type { Loaded } from "../src/load/documents.js";
import type { Placement } from "../src/model/placement.js";
import type { ServiceProfile } from "../src/model/profile.js";

const PROFILE_TEXT = `apiVersion: blendcheck/v1
kind: ServiceProfile
metadata:
  name: nova-api
  project: nova
spec:
  role: api
  identity:
    source: hostname
  process:
    sigterm: graceful
  logging:
    default: stdout
`;

function profile(users = false): Loaded<ServiceProfile> & { users: boolean } {
  const value = {
    metadata: { name: "nova-api", project: "nova", description: "d" },
    spec: { role: "api", identity: { source: "hostname" }, process: { sigterm: "graceful" }, logging: { default: "stdout" }, evidence: [] },
  };
  return { file: "profiles/nova-api.yaml", text: PROFILE_TEXT, docIndex: 0, value, users } as unknown as Loaded<ServiceProfile> & {
    users: boolean;
  };
}

function artifact(oslo: Record<string, unknown> | undefined, deployment?: Record<string, unknown>): ArtifactFacts {
  return {
    service: "nova-api",
    ...(oslo ? { oslo: { files: ["nova.conf"], ...oslo } } : {}),
    ...(deployment ? { deployment } : {}),
    locations: {
      "oslo.host": { file: "nova.conf", line: 3, column: 1 },
      "deployment.kind": { file: "deploy.yaml", line: 1, column: 1 },
      "deployment.graceSeconds": { file: "deploy.yaml", line: 9, column: 7 },
    },
  } as unknown as ArtifactFacts;
}

const placementDoc: Placement = {
  apiVersion: "blendcheck/v1",
  kind: "Placement",
  metadata: { name: "k8s-scheduled", title: "Kubernetes, scheduled" },
  spec: { graceSeconds: 30, hostnameStable: false, evidence: [] },
} as unknown as Placement;

describe("buildServiceSubject with oslo.config facts", () => {
  it("keeps the profile's facts, with name and project, and leaves the evidence out", () => {
    const subject = buildServiceSubject(profile());
    expect(subject.facts).toMatchObject({ name: "nova-api", project: "nova", role: "api", logging: { default: "stdout" } });
    expect(subject.facts).not.toHaveProperty("evidence");
    expect(subject).not.toHaveProperty("artifact");
    expect(subject).not.toHaveProperty("detectedPlacement");
  });

  it("pins the identity to a configured host, and takes graceful_shutdown_timeout as the shutdown time", () => {
    const subject = buildServiceSubject(profile(), artifact({ host: "node-1", gracefulShutdownTimeout: 45 }));
    expect(subject.facts.identity).toEqual({ source: "hostname", pinnedBy: "[DEFAULT] host", pinnedValue: "node-1" });
    expect(subject.facts.process).toEqual({ sigterm: "graceful", shutdownSeconds: 45 });
    expect(buildServiceSubject(profile()).facts.identity).toEqual({ source: "hostname" });
  });

  it("sends logs to stderr whenever use_stderr is true, else to a file when one is named, else to stdout", () => {
    const logging = (oslo: Record<string, unknown>) => buildServiceSubject(profile(), artifact(oslo)).facts.logging;
    expect(logging({ useStderr: true, logFile: "/var/log/nova.log" })).toEqual({ default: "stderr" });
    expect(logging({ logFile: "/var/log/nova.log" })).toEqual({ default: "file" });
    expect(logging({ logDir: "/var/log/nova" })).toEqual({ default: "file" });
    expect(logging({ useStderr: false })).toEqual({ default: "stdout" });
    expect(logging({ workers: 4 })).toEqual({ default: "stdout" });
  });

  it("takes the manifest as the deployment and its placement as the detected one", () => {
    const subject = buildServiceSubject(profile(), artifact(undefined, { kind: "StatefulSet", placement: "k8s-statefulset" }));
    expect(subject.facts.deployment).toEqual({ kind: "StatefulSet", placement: "k8s-statefulset" });
    expect(subject.detectedPlacement).toBe("k8s-statefulset");
    expect(subject.cel).toHaveProperty("deployment");
  });
});

describe("buildGenericSubject", () => {
  it("knows only the workload's name, the generic project and what its files say", () => {
    const subject = buildGenericSubject(artifact({ workers: 2 }, { kind: "Deployment", placement: "k8s-scheduled" }));
    expect(subject.facts).toEqual({
      name: "nova-api",
      project: "generic",
      deployment: { kind: "Deployment", placement: "k8s-scheduled" },
      oslo: { files: ["nova.conf"], workers: 2 },
    });
    expect(subject.generic).toBe(true);
    expect(subject).not.toHaveProperty("job");
    expect(buildGenericSubject(artifact(undefined), true).job).toBe(true);
    expect(buildGenericSubject(artifact(undefined)).facts).toEqual({ name: "nova-api", project: "generic" });
  });
});

describe("buildPlacementSubject", () => {
  it("uses the placement's defaults unless the service's manifest shows it runs there", () => {
    const plain = buildPlacementSubject(placementDoc);
    expect(plain).toMatchObject({ name: "k8s-scheduled", title: "Kubernetes, scheduled", detected: false });
    expect(plain.facts).toEqual({ name: "k8s-scheduled", title: "Kubernetes, scheduled", graceSeconds: 30, hostnameStable: false });
    const elsewhere = buildServiceSubject(
      profile(),
      artifact(undefined, { source: "kubernetes", kind: "StatefulSet", placement: "k8s-pinned" }),
    );
    expect(buildPlacementSubject(placementDoc, elsewhere).detected).toBe(false);
    const here = buildServiceSubject(
      profile(),
      artifact(undefined, { source: "kubernetes", kind: "StatefulSet", placement: "k8s-scheduled", graceSeconds: 90 }),
    );
    const detected = buildPlacementSubject(placementDoc, here);
    expect(detected.detected).toBe(true);
    expect(detected.facts).toMatchObject({ graceSeconds: 90, hostnameStable: true });
    expect(placementDoc.spec).toMatchObject({ graceSeconds: 30 });
  });
});

describe("locateFacts", () => {
  it("cites the artifact line first, falling back to the closest parent fact the artifact locates", () => {
    const subject = buildServiceSubject(profile(), artifact({ host: "node-1" }, { kind: "Deployment", placement: "k8s-scheduled" }));
    const place = buildPlacementSubject(placementDoc);
    expect(locateFacts(["service.oslo.host"], subject, place)).toEqual([{ file: "nova.conf", line: 3, column: 1 }]);
    expect(locateFacts(["service.deployment.kind.extra"], subject, place)).toEqual([{ file: "deploy.yaml", line: 1, column: 1 }]);
    expect(locateFacts(["service.deployment.replicas", "service.oslo.workers"], subject, place)).toEqual([]);
  });

  it("cites the profile only when it is one of the user's files, by metadata for name and project", () => {
    const users = { ...buildServiceSubject(profile()), profileIsUsers: true };
    const place = buildPlacementSubject(placementDoc);
    expect(locateFacts(["service.process.sigterm"], users, place)).toEqual([{ file: "profiles/nova-api.yaml", line: 11, column: 14 }]);
    expect(locateFacts(["service.name"], users, place)).toEqual([{ file: "profiles/nova-api.yaml", line: 4, column: 9 }]);
    expect(locateFacts(["service.process.sigterm"], buildServiceSubject(profile()), place)).toEqual([]);
  });

  it("cites a detected placement's overridden fact at the manifest line that set it, and others in the placement file", () => {
    const here = buildServiceSubject(
      profile(),
      artifact(undefined, { source: "kubernetes", kind: "Deployment", placement: "k8s-scheduled", graceSeconds: 90 }),
    );
    const detected = buildPlacementSubject(placementDoc, here);
    expect(locateFacts(["placement.graceSeconds"], here, detected)).toEqual([{ file: "deploy.yaml", line: 9, column: 7 }]);
    const file = {
      file: "placements/k8s.yaml",
      text: "metadata:\n  name: k8s-scheduled\n  title: K\nspec:\n  graceSeconds: 30\n",
      docIndex: 0,
    };
    const plain = buildPlacementSubject(placementDoc);
    expect(locateFacts(["placement.graceSeconds", "placement.title"], here, plain, file as unknown as Loaded<Placement>)).toEqual([
      { file: "placements/k8s.yaml", line: 5, column: 17 },
      { file: "placements/k8s.yaml", line: 3, column: 10 },
    ]);
    expect(locateFacts(["placement.graceSeconds"], here, plain)).toEqual([]);
  });
});
