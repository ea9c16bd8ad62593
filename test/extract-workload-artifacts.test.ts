import { describe, expect, it } from "vitest";
import type { OsloFileFacts, WorkloadFacts } from "../src/extract/artifact-facts.js";
import { isObject, readPath } from "../src/extract/read-path.js";
import { collectWorkloadArtifacts } from "../src/extract/workload-artifacts.js";
import { haveSameMap } from "./helpers/fast-properties.js";

const at = (file: string, line: number) => ({ file, line, column: 1 });

function workload(name: string, service: string, line: number, over: Partial<WorkloadFacts> = {}): WorkloadFacts {
  return {
    service,
    deployment: { source: "kubernetes", kind: "Deployment", name, placement: "k8s-scheduled" },
    locations: { "deployment.kind": at("deploy.yaml", line) },
    isJob: false,
    namespace: "prod",
    ...over,
  };
}

function config(file: string, services: string[], workers: number, over: Partial<OsloFileFacts> = {}): OsloFileFacts {
  return { services, oslo: { files: [file], workers } as OsloFileFacts["oslo"], locations: { "oslo.workers": at(file, 3) }, ...over };
}

const osloOf = (artifacts: ReturnType<typeof collectWorkloadArtifacts>, name: string) =>
  artifacts.find((a) => a.workload.name === name)?.facts.oslo;

describe("collectWorkloadArtifacts", () => {
  it("gives the artifacts of a kind one hidden class however many there are, the workload's places as read", () => {
    const read = Array.from({ length: 40 }, (_, i) =>
      workload(`api-${i}`, `service-${i % 7}`, 4 + i, i % 5 === 0 ? { generic: true } : {}),
    );
    const artifacts = collectWorkloadArtifacts(read, []);
    const [generic, own] = [artifacts.filter((a) => a.service === undefined), artifacts.filter((a) => a.service !== undefined)];
    expect([generic.length, own.length]).toEqual([8, 32]);
    for (const list of [generic, own]) for (const artifact of list) expect(haveSameMap(artifact, list[0] as object)).toBe(true);
    artifacts.forEach((artifact, i) => {
      expect(artifact.facts.locations).toEqual(read[i]?.locations);
    });
  });

  it("gives each workload its own identity, facts and line, a generic one without a service", () => {
    const [api, other] = collectWorkloadArtifacts(
      [workload("api", "nova-api", 4), workload("thing", "thing", 9, { generic: true, namespace: undefined, isJob: true })],
      [],
    );
    expect(api).toMatchObject({
      service: "nova-api",
      workload: { kind: "Deployment", namespace: "prod", name: "api", file: "deploy.yaml", line: 4 },
      isJob: false,
    });
    expect(api?.facts.service).toBe("nova-api");
    expect(api?.facts.oslo).toBeUndefined();
    expect(other).not.toHaveProperty("service");
    expect(other?.workload.namespace).toBe("");
    expect(other?.isJob).toBe(true);
    const unlocated = collectWorkloadArtifacts([{ ...workload("x", "s", 1), locations: {} }], [])[0];
    expect(unlocated?.workload).toMatchObject({ file: "", line: 1 });
  });

  it("gives a config file of its own to every workload of its services, later files overriding earlier ones", () => {
    const artifacts = collectWorkloadArtifacts(
      [workload("api", "nova-api", 1), workload("api-2", "nova-api", 20), workload("cond", "nova-conductor", 40)],
      [config("nova.conf", ["nova-api"], 2), config("override.conf", ["nova-api"], 8)],
    );
    expect(osloOf(artifacts, "api")).toEqual({ files: ["nova.conf", "override.conf"], workers: 8 });
    expect(osloOf(artifacts, "api-2")).toEqual({ files: ["nova.conf", "override.conf"], workers: 8 });
    expect(osloOf(artifacts, "cond")).toBeUndefined();
    expect(artifacts[0]?.facts.locations["oslo.workers"]).toEqual(at("override.conf", 3));
    expect(artifacts[0]?.facts.locations["deployment.kind"]).toEqual(at("deploy.yaml", 1));
  });

  it("leaves each workload's own places as they were read, whichever configs are added to its artifact's", () => {
    const workloads = [workload("api", "nova-api", 1), workload("api-2", "nova-api", 20), workload("cond", "nova-conductor", 40)];
    const before = workloads.map((w) => structuredClone(w.locations));
    const artifacts = collectWorkloadArtifacts(workloads, [
      config("nova.conf", ["nova-api"], 2),
      config("cond.conf", ["nova-conductor"], 4),
    ]);
    expect(workloads.map((w) => w.locations)).toEqual(before);
    expect(artifacts.map((a) => Object.keys(a.facts.locations))).toEqual([
      ["deployment.kind", "oslo.workers"],
      ["deployment.kind", "oslo.workers"],
      ["deployment.kind", "oslo.workers"],
    ]);
    expect(artifacts[2]?.facts.locations["oslo.workers"]).toEqual(at("cond.conf", 3));
  });

  it("gives a mounted config only to the workloads that mount it, of its own service", () => {
    const artifacts = collectWorkloadArtifacts(
      [workload("api", "nova-api", 1), workload("api-canary", "nova-api", 20), workload("cond", "nova-conductor", 40)],
      [config("cm:nova.conf", ["nova-api"], 3, { namespace: "prod", mountedBy: ["deploy.yaml:20:1", "deploy.yaml:40:1"] })],
    );
    expect(osloOf(artifacts, "api")).toBeUndefined();
    expect(osloOf(artifacts, "api-canary")).toEqual({ files: ["cm:nova.conf"], workers: 3 });
    expect(osloOf(artifacts, "cond")).toBeUndefined();
  });

  it("without a mount, gives a ConfigMap's config to its services' workloads in its namespace, else to all of them", () => {
    const workloads = [
      workload("api-prod", "nova-api", 1),
      workload("api-test", "nova-api", 20, { namespace: "test" }),
      workload("api-compose", "nova-api", 40, { namespace: "" }),
    ];
    const inProd = collectWorkloadArtifacts(workloads, [config("cm", ["nova-api"], 1, { namespace: "prod" })]);
    expect(["api-prod", "api-test", "api-compose"].map((n) => osloOf(inProd, n)?.workers)).toEqual([1, undefined, 1]);
    const elsewhere = collectWorkloadArtifacts(workloads.slice(0, 2), [config("cm", ["nova-api"], 1, { namespace: "staging" })]);
    expect(["api-prod", "api-test"].map((n) => osloOf(elsewhere, n)?.workers)).toEqual([1, 1]);
    const noNamespace = collectWorkloadArtifacts(workloads, [config("cm", ["nova-api"], 1, { namespace: "" })]);
    expect(["api-prod", "api-test", "api-compose"].map((n) => osloOf(noNamespace, n)?.workers)).toEqual([1, 1, 1]);
  });

  it("falls back to the namespace rule when the mounting workload belongs to another service", () => {
    const artifacts = collectWorkloadArtifacts(
      [workload("api", "nova-api", 1), workload("cond", "nova-conductor", 40)],
      [config("cm", ["nova-api"], 5, { namespace: "prod", mountedBy: ["deploy.yaml:40:1", "nowhere:1:1"] })],
    );
    expect(osloOf(artifacts, "api")?.workers).toBe(5);
    expect(osloOf(artifacts, "cond")).toBeUndefined();
  });
});

describe("readPath", () => {
  it("follows keys and indexes through own properties only", () => {
    const doc = { spec: { containers: [{ name: "a" }, { name: "b" }] } };
    expect(readPath(doc, ["spec", "containers", 1, "name"])).toBe("b");
    expect(readPath(doc, [])).toBe(doc);
    expect(readPath(doc, ["spec", "containers", 2])).toBeUndefined();
    expect(readPath(doc, ["spec", "toString"])).toBeUndefined();
    expect(readPath({ a: "text" }, ["a", 0])).toBeUndefined();
    expect(readPath(null, ["a"])).toBeUndefined();
  });

  it("isObject is true for mappings only", () => {
    expect([{}, [], null, "x", 1].map(isObject)).toEqual([true, false, false, false, false]);
  });
});
