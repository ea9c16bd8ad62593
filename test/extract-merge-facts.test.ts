import { describe, expect, it } from "vitest";
import type { OsloFileFacts, ServiceIndex, WorkloadFacts } from "../src/extract/artifact-facts.js";
import { detectArtifactFormat, extractArtifacts, mergeFacts } from "../src/extract/index.js";
import { deferLocation } from "../src/load/yaml.js";
import type { DeploymentFacts } from "../src/model/facts.js";
import { hasFastProperties } from "./helpers/fast-properties.js";

function workload(
  service: string,
  kind: string,
  name: string,
  line: number,
  extra: Partial<DeploymentFacts> = {},
  isJob = false,
): WorkloadFacts {
  const at = { file: "k8s/a.yaml", line, column: 1 };
  return {
    service,
    isJob,
    deployment: { source: "kubernetes", kind, name, placement: "k8s-scheduled", ...extra } as DeploymentFacts,
    locations: { deployment: at, "deployment.kind": at, [`deployment.${name}`]: at },
  };
}

function osloFile(services: string[], file: string, values: Record<string, unknown>, line: number): OsloFileFacts {
  return {
    services,
    oslo: { files: [file], ...values },
    locations: {
      oslo: { file, line: 1, column: 1 },
      ...Object.fromEntries(Object.keys(values).map((k) => [`oslo.${k}`, { file, line, column: 1 }])),
    },
  };
}

describe("mergeFacts", () => {
  it("takes the first long-running workload of a service and lists the others and its Jobs by kind, name and line", () => {
    const merged = mergeFacts(
      [
        workload("nova-api", "Deployment", "first", 1),
        workload("nova-api", "Job", "db-sync", 5, {}, true),
        workload("nova-api", "Deployment", "second", 9),
      ],
      [],
    );
    expect(merged).toHaveLength(1);
    const [api] = merged as [(typeof merged)[0]];
    expect(api.deployment?.name).toBe("first");
    expect(api.jobs).toEqual([{ kind: "Job", name: "db-sync", file: "k8s/a.yaml", line: 5 }]);
    expect(api.otherWorkloads).toEqual([{ kind: "Deployment", name: "second", file: "k8s/a.yaml", line: 9 }]);
    expect(api.locations["deployment.first"]).toBeDefined();
    expect(api.locations["deployment.second"]).toBeUndefined();
  });

  it("keeps a reference whose line is known as a record of fixed shape, and finds a deferred one's line only when it is read", () => {
    let found = 0;
    const later = workload("nova-api", "Job", "db-sync", 0, {}, true);
    const deferred = deferLocation("k8s/a.yaml", () => {
      found++;
      return { line: 12, column: 1 };
    });
    later.locations = { deployment: deferred, "deployment.kind": deferred };
    const [api] = mergeFacts([workload("nova-api", "Job", "db-init", 3, {}, true), later], []);
    const [known, unknown] = api?.jobs ?? [];
    expect(known).toEqual({ kind: "Job", name: "db-init", file: "k8s/a.yaml", line: 3 });
    expect(hasFastProperties(known ?? {})).toBe(true);
    expect(found).toBe(0);
    expect(unknown).toEqual({ kind: "Job", name: "db-sync", file: "k8s/a.yaml", line: 12 });
    expect(found).toBe(1);
  });

  it("prefers a controller to a bare Pod and a complete object to a partial one, moving the replaced one to the others", () => {
    const [api] = mergeFacts(
      [
        workload("nova-api", "Pod", "bare", 1),
        workload("nova-api", "Deployment", "patch", 4, { partial: true }),
        workload("nova-api", "Deployment", "real", 8),
      ],
      [],
    ) as [ReturnType<typeof mergeFacts>[0]];
    expect(api.deployment?.name).toBe("real");
    expect(api.otherWorkloads?.map((w) => [w.name, w.line])).toEqual([
      ["patch", 4],
      ["bare", 1],
    ]);
    // The replaced workload's locations go with it.
    expect(api.locations["deployment.bare"]).toBeUndefined();
    expect(api.locations["deployment.real"]).toBeDefined();
    expect(api.locations["deployment.kind"]).toMatchObject({ line: 8 });
  });

  it("lets a partial object supply a service's facts when nothing complete describes it", () => {
    const [api] = mergeFacts(
      [workload("nova-api", "Deployment", "patch", 4, { partial: true }), workload("nova-api", "Pod", "bare", 9)],
      [],
    ) as [ReturnType<typeof mergeFacts>[0]];
    expect(api.deployment?.name).toBe("bare");
  });

  it("merges config files in order, later values over earlier ones, keeping every file's name", () => {
    const merged = mergeFacts(
      [workload("nova-api", "Deployment", "api", 1)],
      [
        osloFile(["nova-api", "nova-conductor"], "etc/nova.conf", { host: "a", workers: 2 }, 1),
        osloFile(["nova-api"], "etc/api.conf", { host: "b" }, 1),
      ],
    );
    expect(merged.map((f) => f.service)).toEqual(["nova-api", "nova-conductor"]);
    const [api, conductor] = merged as [(typeof merged)[0], (typeof merged)[0]];
    expect(api.oslo).toEqual({ files: ["etc/nova.conf", "etc/api.conf"], host: "b", workers: 2 });
    expect(api.locations["oslo.host"]).toMatchObject({ file: "etc/api.conf" });
    expect(api.locations["oslo.workers"]).toMatchObject({ file: "etc/nova.conf" });
    expect(conductor).toEqual({
      service: "nova-conductor",
      oslo: { files: ["etc/nova.conf"], host: "a", workers: 2 },
      locations: expect.objectContaining({ "oslo.host": expect.objectContaining({ file: "etc/nova.conf" }) }),
    });
    expect(conductor.deployment).toBeUndefined();
  });
});

const INDEX: ServiceIndex = { names: new Map([["keystone-api", "keystone-api"]]), byProject: new Map([["keystone", ["keystone-api"]]]) };

describe("extractArtifacts over files no reader understands", () => {
  it("lists each with its reason, sorted by file, and never drops one", () => {
    const result = extractArtifacts(
      [
        { file: "z/notes.yaml", text: "# only a comment\n" },
        { file: "b/empty", text: "\n  \n# c\n" },
        { file: "a/values.yaml", text: "replicas: 3\nimage: x\n" },
        { file: "c/list.yaml", text: "- a\n- b\n" },
        { file: "d/k8s.yaml", text: "apiVersion: v1\nkind: Service\nmetadata: { name: s }\n" },
      ],
      INDEX,
    );
    expect(result.unrecognized.map((u) => [u.file, u.line, u.kind, u.reason])).toEqual([
      ["a/values.yaml", 1, "file", "not a Kubernetes manifest, compose file, kolla-ansible defaults file or oslo.config INI file"],
      ["b/empty", 1, "file", "the file is empty or holds only comments"],
      ["c/list.yaml", 1, "file", "not a Kubernetes manifest, compose file, kolla-ansible defaults file or oslo.config INI file"],
      [
        "d/k8s.yaml",
        1,
        "kubernetes",
        "holds Kubernetes objects but no workload (Deployment, StatefulSet, DaemonSet, Pod, Job, CronJob) and no oslo.config in a ConfigMap",
      ],
      ["z/notes.yaml", 1, "file", "the file is empty or holds only comments"],
    ]);
    expect(result.facts).toEqual([]);
    expect(result.workloads).toEqual([]);
  });

  it("skips broken YAML in a .yaml file with a problem, and lists a file of another name that is not YAML as unrecognized at the line", () => {
    const broken = extractArtifacts([{ file: "m.yaml", text: "a: 1\nb: [unclosed\n" }], INDEX);
    expect(broken.problems.map((p) => [p.file, p.severity])).toEqual([["m.yaml", "error"]]);
    expect(broken.skipped).toEqual(["m.yaml"]);
    expect(broken.unrecognized).toEqual([
      { file: "m.yaml", line: 3, kind: "file", name: "m.yaml", reason: "skipped: expected valid YAML, got: deficient indentation" },
    ]);
    const other = extractArtifacts([{ file: "notes.txt", text: "a: 1\nb: [unclosed\n" }], INDEX);
    expect(other.problems).toEqual([]);
    expect(other.unrecognized).toMatchObject([{ file: "notes.txt", kind: "file", name: "notes.txt" }]);
    expect(other.unrecognized[0]?.line).toBeGreaterThan(1);
  });

  it("sorts workloads by file and line across readers", () => {
    const deployment = (name: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name} }\nspec:\n  selector: { matchLabels: { a: ${name} } }\n  template:\n    metadata: { labels: { a: ${name} } }\n    spec: { containers: [{ name: c, image: i }] }\n`;
    const result = extractArtifacts(
      [
        { file: "b.yaml", text: `${deployment("web")}---\n${deployment("keystone-api")}` },
        { file: "a.yaml", text: deployment("zeta") },
      ],
      INDEX,
    );
    expect(result.workloads.map((w) => [w.workload.file, w.workload.line, w.service ?? "generic"])).toEqual([
      ["a.yaml", 2, "generic"],
      ["b.yaml", 2, "generic"],
      ["b.yaml", 11, "keystone-api"],
    ]);
  });
});

describe("detectArtifactFormat", () => {
  it("takes YAML by name first, then an INI section line, then INI names, then emptiness", () => {
    expect(detectArtifactFormat("a.YML", "[DEFAULT]\n")).toBe("yaml");
    expect(detectArtifactFormat("nova.conf", "")).toBe("oslo-ini");
    expect(detectArtifactFormat("nova.ini", "a: 1\n")).toBe("oslo-ini");
    expect(detectArtifactFormat("x.cfg", "a: 1\n")).toBe("oslo-ini");
    expect(detectArtifactFormat("x", "; c\r\n[s]\r\n")).toBe("oslo-ini");
    expect(detectArtifactFormat("x", "   \n\t\n")).toBe("unknown");
    expect(detectArtifactFormat("x", "a: 1\n")).toBe("yaml");
  });
});
