import { describe, expect, it } from "vitest";
import type { ServiceIndex } from "../src/extract/artifact-facts.js";
import { extractArtifacts } from "../src/extract/index.js";
import { isKubernetesObject, MAX_OBJECTS_PER_FILE } from "../src/extract/kubernetes/extract-k8s-facts.js";

const INDEX: ServiceIndex = {
  names: new Map(
    ["nova-api", "nova-compute", "keystone-api", "glance-api", "heat-engine", "cinder-volume", "placement-api"].map((s) => [s, s]),
  ),
  byProject: new Map(),
};

const run = (...files: [string, string][]) =>
  extractArtifacts(
    files.map(([file, text]) => ({ file, text })),
    INDEX,
  );

function pod(kind: string, name: string, template: { labels?: string; containers?: string; metadataLabels?: string } = {}): string {
  const containers = template.containers ?? "[{ name: c, image: i }]";
  const labels = template.labels ?? "{ x: y }";
  const meta = `metadata:\n  name: ${name}\n${template.metadataLabels ? `  labels: ${template.metadataLabels}\n` : ""}`;
  if (kind === "Pod") return `apiVersion: v1\nkind: Pod\n${meta}spec:\n  containers: ${containers}\n`;
  if (kind === "CronJob")
    return `apiVersion: batch/v1\nkind: CronJob\n${meta}spec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: { labels: ${labels} }\n        spec: { containers: ${containers} }\n`;
  return `apiVersion: apps/v1\nkind: ${kind}\n${meta}spec:\n  selector: { matchLabels: ${labels} }\n  template:\n    metadata: { labels: ${labels} }\n    spec: { containers: ${containers} }\n`;
}

describe("matching a workload to a catalog service", () => {
  it("tries openstack-helm's labels, then app.kubernetes.io's, app, the name, containers, images, commands and application", () => {
    const service = (text: string) => run(["k8s/w.yaml", text]).workloads[0]?.service;
    expect(service(pod("Deployment", "x", { labels: "{ application: nova, component: api }" }))).toBe("nova-api");
    expect(service(pod("Deployment", "x", { labels: '{ "app.kubernetes.io/name": glance, "app.kubernetes.io/component": api }' }))).toBe(
      "glance-api",
    );
    expect(service(pod("Deployment", "x", { labels: '{ "app.kubernetes.io/name": heat-engine }' }))).toBe("heat-engine");
    expect(service(pod("Deployment", "x", { labels: "{ app: keystone-api }" }))).toBe("keystone-api");
    expect(service(pod("Deployment", "placement-api"))).toBe("placement-api");
    expect(service(pod("Deployment", "x", { containers: "[{ name: cinder-volume, image: i }]" }))).toBe("cinder-volume");
    expect(service(pod("Deployment", "x", { containers: '[{ name: c, image: "registry/kolla/nova-compute:1" }]' }))).toBe("nova-compute");
    expect(service(pod("Deployment", "x", { containers: "[{ name: c, image: i, command: [/usr/bin/heat-engine] }]" }))).toBe("heat-engine");
    expect(service(pod("Deployment", "x", { containers: "[{ name: c, image: i, args: [heat-engine, --debug] }]" }))).toBe("heat-engine");
    expect(service(pod("Deployment", "x", { labels: "{ application: keystone-api, component: server }" }))).toBe("keystone-api");
    // A controller's own labels count too, and a Pod's labels are its metadata's.
    expect(service(pod("Deployment", "x", { metadataLabels: "{ app: glance-api }" }))).toBe("glance-api");
    expect(service(pod("Pod", "x", { metadataLabels: "{ app: glance-api }" }))).toBe("glance-api");
  });

  it("reads a workload no service matches as generic, saying which labels it looked at", () => {
    const result = run(["k8s/w.yaml", pod("Deployment", "web", { labels: "{ tier: front, replicas: 3, ha: true, nested: { a: b } }" })]);
    expect(result.workloads.map((w) => [w.service, w.facts.service, w.workload.name])).toEqual([[undefined, "web", "web"]]);
    expect(result.unrecognized).toEqual([
      {
        file: "k8s/w.yaml",
        line: 2,
        kind: "Deployment",
        name: "web",
        reason: "no service in the catalog matches its labels (ha=true, replicas=3, tier=front), name, container names, images or commands",
      },
    ]);
    expect(run(["k8s/p.yaml", pod("Pod", "web")]).unrecognized[0]?.reason).toBe(
      "no service in the catalog matches its labels (none), name, container names, images or commands",
    );
  });

  it("lists a workload without containers in its pod template as unrecognized, and reads Jobs and CronJobs as jobs", () => {
    const noPod = "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: nova-api }\nspec:\n  replicas: 3\n";
    expect(run(["k8s/patch.yaml", noPod]).unrecognized).toEqual([
      {
        file: "k8s/patch.yaml",
        line: 2,
        kind: "Deployment",
        name: "nova-api",
        reason: "has no pod template with containers (a partial object such as a kustomize patch?), so no deployment facts",
      },
    ]);
    const jobs = run(["k8s/jobs.yaml", `${pod("CronJob", "keystone-api")}---\n${pod("Deployment", "nova-api")}`]);
    expect(jobs.workloads.map((w) => [w.workload.kind, w.isJob])).toEqual([
      ["CronJob", true],
      ["Deployment", false],
    ]);
  });
});

describe("partial objects", () => {
  const partialOf = (...files: [string, string][]) =>
    run(...files).workloads.map((w) => [w.workload.name, w.facts.deployment?.partial ?? false]);

  it("takes a controller without a selector, an assert file and a file a Kustomization patches as partial", () => {
    const noSelector = pod("Deployment", "nova-api").replace(/ {2}selector: .*\n/, "");
    expect(partialOf(["k8s/a.yaml", noSelector])).toEqual([["nova-api", true]]);
    expect(partialOf(["k8s/a.yaml", pod("Pod", "nova-api")])).toEqual([["nova-api", false]]);
    expect(partialOf(["tests/01-assert.yaml", pod("Deployment", "nova-api")])).toEqual([["nova-api", true]]);
    expect(partialOf(["tests/chainsaw-assert.yml", pod("Deployment", "nova-api")])).toEqual([["nova-api", true]]);
    expect(partialOf(["tests/assertions.yaml", pod("Deployment", "nova-api")])).toEqual([["nova-api", false]]);
    const kustomization =
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: patches/api.yaml\npatchesStrategicMerge: [../other/compute.yaml]\n";
    const result = run(
      ["overlay/kustomization.yaml", kustomization],
      ["overlay/patches/api.yaml", pod("Deployment", "nova-api")],
      ["other/compute.yaml", pod("Deployment", "nova-compute")],
      ["overlay/keystone.yaml", pod("Deployment", "keystone-api")],
    );
    expect(result.workloads.map((w) => [w.workload.name, w.facts.deployment?.partial ?? false])).toEqual([
      ["nova-compute", true],
      ["keystone-api", false],
      ["nova-api", true],
    ]);
    // The Kustomization is read for its patches, not listed as a file without workloads.
    expect(result.unrecognized).toEqual([]);
  });

  it("passes over inline patches, which name no file, and still takes the files a Kustomization names", () => {
    const kustomization = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
patches:
  - target: {kind: Deployment, name: keystone-api}
    patch: |-
      - op: replace
        path: /spec/replicas
        value: 3
  - path: api.yaml
patchesStrategicMerge:
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: keystone-api}
`;
    expect(
      partialOf(
        ["overlay/kustomization.yaml", kustomization],
        ["overlay/api.yaml", pod("Deployment", "nova-api")],
        ["overlay/keystone.yaml", pod("Deployment", "keystone-api")],
      ),
    ).toEqual([
      ["nova-api", true],
      ["keystone-api", false],
    ]);
  });
});

describe("a bare Pod", () => {
  it("is selected by a PodDisruptionBudget through its own metadata labels", () => {
    const budget =
      "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: b}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: nova-api}}\n";
    const result = run(["k8s/pod.yaml", `${pod("Pod", "nova-api", { metadataLabels: "{ app: nova-api }" })}---\n${budget}`]);
    expect(result.workloads.map((w) => [w.workload.name, w.facts.deployment?.hasPdb])).toEqual([["nova-api", true]]);
  });
});

describe("List kinds", () => {
  it("expands List items, nested ones too, and locates each object inside the list", () => {
    const list = `apiVersion: v1
kind: List
items:
  - ${pod("Deployment", "nova-api").replaceAll("\n", "\n    ").trimEnd()}
  - apiVersion: v1
    kind: DeploymentList
    items:
      - ${pod("Deployment", "keystone-api").replaceAll("\n", "\n        ").trimEnd()}
      - just a string
  - { apiVersion: v1, notAKind: 1 }
`;
    const result = run(["k8s/list.yaml", list]);
    expect(result.problems).toEqual([]);
    expect(result.workloads.map((w) => [w.workload.name, w.workload.line])).toEqual([
      ["nova-api", 5],
      ["keystone-api", 17],
    ]);
  });

  it("refuses a file that expands to more objects than the limit, at the document's kind, and reads none of it", () => {
    const items = Array.from({ length: MAX_OBJECTS_PER_FILE + 1 }, () => "  - { apiVersion: v1, kind: ConfigMap }").join("\n");
    const result = run(["k8s/big.yaml", `apiVersion: v1\nkind: List\nitems:\n${items}\n`], ["k8s/ok.yaml", pod("Deployment", "nova-api")]);
    expect(result.problems).toEqual([
      {
        file: "k8s/big.yaml",
        line: 2,
        column: 7,
        severity: "error",
        code: "too-many-objects",
        path: "",
        message: `expected at most ${MAX_OBJECTS_PER_FILE} Kubernetes objects in one file once List items and aliases are expanded, got more; the file was not read`,
      },
    ]);
    expect(result.workloads.map((w) => w.workload.name)).toEqual(["nova-api"]);
    const exact = Array.from({ length: MAX_OBJECTS_PER_FILE }, () => "  - { apiVersion: v1, kind: ConfigMap }").join("\n");
    expect(run(["k8s/full.yaml", `apiVersion: v1\nkind: List\nitems:\n${exact}\n`]).problems).toEqual([]);
  });

  it("knows a Kubernetes object by a string apiVersion and kind", () => {
    expect(isKubernetesObject({ apiVersion: "v1", kind: "Pod" })).toBe(true);
    expect(isKubernetesObject({ apiVersion: "v1" })).toBe(false);
    expect(isKubernetesObject({ apiVersion: 1, kind: "Pod" })).toBe(false);
    expect(isKubernetesObject({ kind: "Pod" })).toBe(false);
    expect(isKubernetesObject(["v1", "Pod"])).toBe(false);
    expect(isKubernetesObject(null)).toBe(false);
  });
});
