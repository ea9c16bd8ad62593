import { describe, expect, it } from "vitest";
import {
  beginWorkload,
  finishWorkload,
  type ManifestObject,
  type Path,
  type RunObjects,
  slimWorkload,
  surroundingPaths,
  surroundingPodSpec,
  type WorkloadShape,
} from "../src/extract/kubernetes/read-workload.js";
import { type Obj, readPath } from "../src/extract/read-path.js";
import { documentIn } from "../src/load/yaml.js";

const LABELS = { application: "nova", component: "api" };

/** A pod spec that gives every surrounding fact something to read: anti-affinity and spread on its own labels. */
function podSpec(): Obj {
  const selector = { matchLabels: LABELS };
  return {
    containers: [{ name: "api", image: "nova:1" }],
    affinity: {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: "kubernetes.io/hostname", labelSelector: selector }],
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 1, podAffinityTerm: { topologyKey: "topology.kubernetes.io/zone", labelSelector: selector } },
        ],
      },
    },
    topologySpreadConstraints: [{ topologyKey: "kubernetes.io/hostname", labelSelector: selector }],
  };
}

function template(): Obj {
  return { metadata: { labels: LABELS }, spec: podSpec() };
}

const strategy = { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1 } };

/** Every kind the reader reads, each with every field its last pass may read, and the path of its pod spec. */
const WORKLOADS: [string, Obj, Path][] = [
  ["Deployment", { replicas: 3, strategy, selector: {}, template: template() }, ["spec", "template", "spec"]],
  ["Deployment", { selector: {}, template: template() }, ["spec", "template", "spec"]],
  ["StatefulSet", { serviceName: "nova-api", updateStrategy: strategy, selector: {}, template: template() }, ["spec", "template", "spec"]],
  ["StatefulSet", { serviceName: "elsewhere", selector: {}, template: template() }, ["spec", "template", "spec"]],
  ["StatefulSet", { selector: {}, template: template() }, ["spec", "template", "spec"]],
  ["DaemonSet", { updateStrategy: { type: "OnDelete" }, selector: {}, template: template() }, ["spec", "template", "spec"]],
  [
    "DeploymentConfig",
    { strategy: { type: "Rolling", rollingParams: { maxUnavailable: "25%" } }, template: template() },
    ["spec", "template", "spec"],
  ],
  ["Job", { template: template() }, ["spec", "template", "spec"]],
  ["CronJob", { jobTemplate: { spec: { template: template() } } }, ["spec", "jobTemplate", "spec", "template", "spec"]],
  ["Pod", podSpec(), ["spec"]],
];

function manifest(kind: string, spec: Obj, labels: Obj = {}): ManifestObject {
  return {
    value: { kind, metadata: { name: "nova-api", namespace: "openstack", labels }, spec },
    file: "deploy/nova.yaml",
    source: documentIn("", 0),
    path: [],
  };
}

/** The PodDisruptionBudget and headless Service the workloads' last pass matches. */
const RUN: RunObjects = {
  pdbs: () => [manifest("PodDisruptionBudget", { minAvailable: 1, selector: { matchLabels: LABELS } })],
  services: () => [manifest("Service", { clusterIP: "None", selector: LABELS })],
};

const key = (path: Path) => JSON.stringify(path);

describe("the last pass over a workload", () => {
  it("cites in the workload's own object only places its first passes have located already", () => {
    for (const [kind, spec, podPath] of WORKLOADS) {
      for (const partial of [false, true]) {
        const whole = manifest(kind, spec);
        const podSpecOf = readPath(whole.value, podPath) as Obj;
        const object = slimWorkload(whole);
        const shape: WorkloadShape = { object, kind, podPath, podSpec: podSpecOf, podLabels: LABELS, namespace: "openstack", partial };
        let finishing = false;
        const cited: Path[] = [];
        const where = (from: ManifestObject, path: Path) => {
          if (finishing && from === object) cited.push(path);
          return { file: from.file, line: 1, column: 1 };
        };
        const begun = beginWorkload(shape, where);
        finishing = true;
        finishWorkload({ ...shape, podSpec: surroundingPodSpec(podSpecOf) }, RUN, begun);
        const located = new Set(surroundingPaths(podPath).map(key));
        expect(cited.length, `${kind} cites its own object`).toBeGreaterThan(0);
        expect(
          cited.map(key).filter((k) => !located.has(k)),
          `${kind}${partial ? " (partial)" : ""}`,
        ).toEqual([]);
      }
    }
  });
});

describe("the copies a workload's last pass reads", () => {
  it("give the facts and places the whole object gives, and hold of its metadata and pod spec only what that pass reads", () => {
    for (const [kind, spec, podPath] of WORKLOADS) {
      for (const partial of [false, true]) {
        const whole = manifest(kind, spec);
        const metadata = whole.value.metadata as Obj;
        metadata.annotations = { "configmap-etc-hash": "0123456789abcdef".repeat(4) };
        const podSpecOf = readPath(whole.value, podPath) as Obj;
        podSpecOf.affinity = {
          ...(podSpecOf.affinity as Obj),
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [] }] } },
        };
        // The first passes read the whole pod spec, as the reader gives it; the last reads what is kept of it.
        const read = (object: ManifestObject, surrounding: Obj) => {
          const shape: WorkloadShape = { object, kind, podPath, podSpec: podSpecOf, podLabels: LABELS, namespace: "openstack", partial };
          const where = (from: ManifestObject, path: Path) => ({ file: from.file, line: path.length, column: key(path).length });
          const begun = beginWorkload(shape, where);
          const finished = finishWorkload({ ...shape, podSpec: surrounding }, RUN, begun);
          return { deployment: finished.deployment, locations: finished.locations };
        };
        const slim = slimWorkload(whole);
        expect(read(slim, surroundingPodSpec(podSpecOf)), `${kind}${partial ? " (partial)" : ""}`).toEqual(read(whole, podSpecOf));
        expect(slim.value.metadata).toEqual({ name: "nova-api", namespace: "openstack" });
        const surrounding = surroundingPodSpec(podSpecOf);
        expect(Object.keys(surrounding).sort()).toEqual(["affinity", "topologySpreadConstraints"]);
        expect(Object.keys(surrounding.affinity as Obj)).toEqual(["podAntiAffinity"]);
      }
    }
  });
});
