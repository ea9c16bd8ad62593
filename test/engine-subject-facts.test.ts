import { describe, expect, it } from "vitest";
import { toCelValue } from "../src/engine/cel.js";
import { buildGenericSubject, buildPlacementSubject, buildServiceSubject, locateFacts } from "../src/engine/subject.js";
import type { ArtifactFacts } from "../src/extract/artifact-facts.js";
import type { Loaded } from "../src/load/documents.js";
import type { Placement } from "../src/model/placement.js";
import type { ServiceProfile } from "../src/model/profile.js";
import { collectUntilGone } from "./helpers/collect-garbage.js";

const PROFILE_TEXT = `apiVersion: blendcheck/v1
kind: ServiceProfile
metadata:
  name: keystone
  project: keystone
spec:
  role: api
  logging:
    default: file
    audit: syslog
`;

/** The keystone profile above, with the spec given (evidence left empty). */
function profile(spec: Record<string, unknown>): Loaded<ServiceProfile> {
  const value = { metadata: { name: "keystone", project: "keystone" }, spec: { role: "api", evidence: [], ...spec } };
  return { file: "profiles/keystone.yaml", text: PROFILE_TEXT, docIndex: 0, value } as unknown as Loaded<ServiceProfile>;
}

function oslo(facts: Record<string, unknown>): ArtifactFacts {
  return { service: "keystone", oslo: { files: ["keystone.conf"], ...facts }, locations: {} } as unknown as ArtifactFacts;
}

const placementDoc = {
  apiVersion: "blendcheck/v1",
  kind: "Placement",
  metadata: { name: "sched", title: "Scheduled" },
  spec: { graceSeconds: 30, hostNetwork: false, evidence: [] },
} as unknown as Placement;
const placementFile = {
  file: "placements/sched.yaml",
  text: "metadata:\n  name: sched\n  title: Scheduled\nspec:\n  graceSeconds: 30\n  hostNetwork: false\n",
  docIndex: 0,
} as unknown as Loaded<Placement>;

describe("buildServiceSubject: the CEL view", () => {
  it("has exactly the fact view's keys, leaving out undefined facts and keeping null ones", () => {
    const subject = buildServiceSubject(profile({ logging: { default: "file" }, gone: undefined, nothing: null }));
    expect(Object.keys(subject.cel).sort()).toEqual(["logging", "name", "nothing", "project", "role"]);
    expect(subject.cel.nothing).toBeNull();
  });

  it("converts an object the workloads of one service share once, so their views share it too", () => {
    const shared = profile({ logging: { default: "file" } });
    const a = buildServiceSubject(shared, oslo({ workers: 1 }));
    const b = buildServiceSubject(shared, oslo({ workers: 2 }));
    expect(a.cel.role).toBe("api");
    expect(a.cel.logging).toBe(b.cel.logging);
    expect(a.cel.oslo).not.toBe(b.cel.oslo);
  });

  it("keeps no converted copy of a workload's own objects once its subject is gone, though the objects live on", async () => {
    const shared = profile({ logging: { default: "file" }, identity: { source: "hostname" } });
    const facts = {
      ...oslo({ host: "node-1" }),
      deployment: { kind: "Deployment", images: ["nova:1"], graceSeconds: 30 },
    } as ArtifactFacts;
    const refs = ((subject) => [subject.cel.deployment, subject.cel.oslo, subject.cel.identity].map((cel) => new WeakRef(cel as object)))(
      buildServiceSubject(shared, facts),
    );
    await collectUntilGone(refs);
    expect(refs.map((ref) => ref.deref() === undefined)).toEqual([true, true, true]);
    // The workload's objects are still held here, as an assessment's service results hold them.
    expect(facts.deployment?.kind).toBe("Deployment");
    expect(facts.oslo?.host).toBe("node-1");
  });
});

describe("buildServiceSubject: what oslo.config options change", () => {
  it("pins the identity only for a configured host, and only one the profile has as an object", () => {
    expect(buildServiceSubject(profile({}), oslo({ host: "node-1" })).facts).not.toHaveProperty("identity");
    expect(buildServiceSubject(profile({ identity: "hostname" }), oslo({ host: "node-1" })).facts.identity).toBe("hostname");
    expect(buildServiceSubject(profile({ identity: { source: "hostname" } }), oslo({ workers: 2 })).facts.identity).toStrictEqual({
      source: "hostname",
    });
  });

  it("sets the shutdown time only from a configured timeout, keeping the rest of the process facts", () => {
    expect(
      Object.keys(buildServiceSubject(profile({ process: { sigterm: "graceful" } }), oslo({ workers: 2 })).facts.process as object),
    ).toEqual(["sigterm"]);
    expect(buildServiceSubject(profile({}), oslo({ gracefulShutdownTimeout: 60 })).facts.process).toEqual({ shutdownSeconds: 60 });
  });

  it("leaves the profile's logging alone without a logging option, and keeps its other logging facts with one", () => {
    expect(buildServiceSubject(profile({ logging: { default: "file" } }), oslo({ workers: 2 })).facts.logging).toEqual({ default: "file" });
    expect(
      buildServiceSubject(profile({ logging: { default: "file", audit: "syslog" } }), oslo({ useStderr: false })).facts.logging,
    ).toEqual({
      default: "stdout",
      audit: "syslog",
    });
    expect(buildServiceSubject(profile({}), oslo({ logDir: "/var/log/keystone" })).facts.logging).toEqual({ default: "file" });
  });
});

describe("buildGenericSubject", () => {
  it("detects the placement of a generic workload's manifest, and has no deployment without one", () => {
    const withManifest = buildGenericSubject({
      service: "web",
      deployment: { kind: "Deployment", placement: "sched" },
      locations: {},
    } as unknown as ArtifactFacts);
    expect(withManifest.detectedPlacement).toBe("sched");
    const configOnly = buildGenericSubject(oslo({ workers: 1 }));
    expect(Object.keys(configOnly.facts)).toEqual(["name", "project", "oslo"]);
    expect(configOnly).not.toHaveProperty("detectedPlacement");
  });

  it("gives its facts converted for CEL, converted once, when first read", () => {
    const subject = buildGenericSubject({
      service: "web",
      deployment: { kind: "Deployment", placement: "sched", replicas: 2 },
      locations: {},
    } as unknown as ArtifactFacts);
    const cel = subject.cel;
    expect(cel).toEqual(toCelValue(subject.facts));
    expect(cel).toMatchObject({ name: "web", deployment: { replicas: 2n } });
    expect(subject.cel).toBe(cel);
  });
});

describe("locateFacts: where a read fact is cited", () => {
  const users = { ...buildServiceSubject(profile({ logging: { default: "file", audit: "syslog" } })), profileIsUsers: true };
  const plain = buildPlacementSubject(placementDoc);

  it("never cites the profile for a manifest or oslo.config fact the files do not locate", () => {
    expect(locateFacts(["service.deployment.replicas", "service.oslo.workers"], users, plain)).toEqual([]);
  });

  it("cites the project at its metadata line, and a spec fact at its own line", () => {
    expect(locateFacts(["service.project"], users, plain)).toEqual([{ file: "profiles/keystone.yaml", line: 5, column: 12 }]);
    expect(locateFacts(["service.logging.audit"], users, plain)).toEqual([{ file: "profiles/keystone.yaml", line: 10, column: 12 }]);
  });

  it("cites a placement's name at its metadata line", () => {
    expect(locateFacts(["placement.name"], users, plain, placementFile)).toEqual([{ file: "placements/sched.yaml", line: 2, column: 9 }]);
  });

  it("cites a detected placement's fact no manifest line set in nothing, not in the placement file", () => {
    const here = {
      ...buildServiceSubject(profile({})),
      artifact: { service: "keystone", deployment: { source: "kubernetes", kind: "Deployment", placement: "sched" }, locations: {} },
    } as unknown as Parameters<typeof buildPlacementSubject>[1] & object;
    const detected = buildPlacementSubject(placementDoc, { ...here, facts: { ...here.facts } });
    expect(detected.detected).toBe(true);
    expect(locateFacts(["placement.graceSeconds"], here, detected, placementFile)).toEqual([]);
  });
});
