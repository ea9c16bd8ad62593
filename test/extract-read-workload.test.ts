import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ServiceIndex } from "../src/extract/artifact-facts.js";
import { extractArtifacts } from "../src/extract/index.js";
import { isPinnedImage, isSameNamespace, readName, readNamespace } from "../src/extract/kubernetes/read-workload.js";

const INDEX: ServiceIndex = { names: new Map([["keystone-api", "keystone-api"]]), byProject: new Map() };

/** The one workload read from `text`, with each fact's location as `line:column`. */
function readOne(text: string, file = "k8s/keystone.yaml") {
  const result = extractArtifacts([{ file, text }], INDEX);
  expect(result.problems).toEqual([]);
  const [workload] = result.workloads;
  if (!workload) throw new Error("no workload read");
  const at = Object.fromEntries(Object.entries(workload.facts.locations).map(([fact, l]) => [fact, `${l.line}:${l.column}`]));
  return { deployment: workload.facts.deployment, at, result };
}

const POD_DEFAULTS = {
  hasPdb: false,
  antiAffinity: false,
  topologySpread: false,
  updateStrategy: "RollingUpdate",
  updateMaxUnavailable: "25%",
};

describe("reading a Kubernetes workload's pod spec", () => {
  it("reads every fact a rich Deployment states, each at the value it comes from", () => {
    const { deployment, at } = readOne(readFileSync("test/fixtures/workloads/rich-deployment.yaml", "utf8"));
    expect(deployment).toEqual({
      source: "kubernetes",
      kind: "Deployment",
      name: "keystone-api",
      // hostNetwork and a nodeSelector together pin it.
      placement: "k8s-pinned",
      capabilities: ["NET_ADMIN", "NET_RAW"],
      hostPorts: [5000],
      images: ["registry.example.org/keystone:2024.1", "busybox:latest", "registry.example.org/init@sha256:abc"],
      privileged: true,
      unpinnedImages: ["busybox:latest"],
      image: "registry.example.org/keystone:2024.1",
      readinessProbe: true,
      livenessProbe: true,
      startupProbe: true,
      healthcheck: true,
      livenessSameAsReadiness: true,
      // The first container with a liveness or startup probe: 0 s delay + 10 s period × 3 failures.
      startupBudgetSeconds: 30,
      preStop: true,
      envConfig: true,
      // The sidecar does not say, so not every container is read-only.
      readOnlyRootFilesystem: false,
      hostNetwork: true,
      hostPID: false,
      hostIPC: false,
      configFiles: true,
      hostPaths: ["/var/lib/keystone", "/var/log/keystone"],
      nodePinned: true,
      graceSeconds: 60,
      replicas: 3,
      restartPolicy: "Always",
      ...POD_DEFAULTS,
    });
    expect(at).toEqual({
      deployment: "2:7",
      "deployment.kind": "2:7",
      "deployment.placement": "2:7",
      "deployment.name": "4:9",
      "deployment.capabilities": "26:34",
      "deployment.hostPorts": "29:25",
      "deployment.images": "23:19",
      "deployment.privileged": "20:42",
      "deployment.unpinnedImages": "23:19",
      "deployment.image": "23:19",
      "deployment.readinessProbe": "32:27",
      "deployment.livenessProbe": "33:26",
      "deployment.startupProbe": "37:25",
      "deployment.healthcheck": "22:9",
      "deployment.livenessSameAsReadiness": "33:26",
      "deployment.startupBudgetSeconds": "33:26",
      "deployment.preStop": "34:33",
      "deployment.envConfig": "31:16",
      "deployment.readOnlyRootFilesystem": "25:37",
      "deployment.hostNetwork": "12:20",
      "deployment.hostPID": "13:16",
      "deployment.hostIPC": "12:7",
      "deployment.configFiles": "39:11",
      "deployment.hostPaths": "42:21",
      "deployment.nodePinned": "14:21",
      "deployment.graceSeconds": "15:38",
      "deployment.replicas": "7:13",
      "deployment.restartPolicy": "16:22",
      "deployment.hasPdb": "12:7",
      "deployment.antiAffinity": "12:7",
      "deployment.topologySpread": "12:7",
      "deployment.updateStrategy": "7:3",
      "deployment.updateMaxUnavailable": "7:3",
    });
  });

  it("assumes Kubernetes' defaults for what a plain Deployment leaves out, at its pod spec", () => {
    const { deployment, at } = readOne(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: keystone-api
spec:
  selector: { matchLabels: { app: keystone } }
  template:
    metadata: { labels: { app: keystone } }
    spec:
      containers:
        - name: keystone
          image: keystone
`);
    expect(deployment).toEqual({
      source: "kubernetes",
      kind: "Deployment",
      name: "keystone-api",
      placement: "k8s-scheduled",
      images: ["keystone"],
      privileged: false,
      capabilities: [],
      hostPorts: [],
      unpinnedImages: ["keystone"],
      image: "keystone",
      readinessProbe: false,
      livenessProbe: false,
      startupProbe: false,
      healthcheck: false,
      preStop: false,
      envConfig: false,
      readOnlyRootFilesystem: false,
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      hostPaths: [],
      configFiles: false,
      nodePinned: false,
      graceSeconds: 30,
      ...POD_DEFAULTS,
    });
    expect(at["deployment.graceSeconds"]).toBe("10:7");
    expect(at["deployment.images"]).toBe("12:18");
  });

  function pod(spec: string, kind = "Deployment", extra = "") {
    return readOne(`apiVersion: apps/v1
kind: ${kind}
metadata:
  name: keystone-api
spec:
${extra}  selector: { matchLabels: { app: keystone } }
  template:
    metadata: { labels: { app: keystone } }
    spec:
${spec}`);
  }

  it("places a DaemonSet pinned and a StatefulSet as one, and a host-network Deployment only when pinned", () => {
    const containers = "      containers: [{ name: k, image: k }]\n";
    expect(pod(containers, "DaemonSet").deployment?.placement).toBe("k8s-pinned");
    expect(pod(containers, "StatefulSet").deployment?.placement).toBe("k8s-statefulset");
    expect(pod(`      hostNetwork: true\n${containers}`).deployment?.placement).toBe("k8s-scheduled");
    expect(pod(`      nodeName: node-1\n${containers}`).deployment).toMatchObject({ placement: "k8s-scheduled", nodePinned: true });
  });

  it("pins by nodeSelector, nodeName or node affinity, but not by an empty or null one", () => {
    const containers = "      containers: [{ name: k, image: k }]\n";
    expect(
      pod(`      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {} } }\n${containers}`).at[
        "deployment.nodePinned"
      ],
    ).toBe("10:33");
    expect(pod(`      nodeSelector: {}\n${containers}`).deployment?.nodePinned).toBe(false);
    expect(pod(`      nodeSelector: null\n${containers}`).deployment?.nodePinned).toBe(false);
    expect(pod(`      affinity: { podAffinity: {} }\n${containers}`).deployment?.nodePinned).toBe(false);
  });

  it("marks a templated grace period instead of assuming the default", () => {
    const { deployment, at } = pod(
      '      terminationGracePeriodSeconds: "{{ .Values.grace }}"\n      containers: [{ name: k, image: k }]\n',
    );
    expect(deployment).toMatchObject({ graceTemplated: true });
    expect(deployment).not.toHaveProperty("graceSeconds");
    expect(at["deployment.graceTemplated"]).toBe("10:39");
  });

  it("reads probes, read-only roots and environment across containers", () => {
    const { deployment, at } = pod(`      containers:
        - name: a
          image: a:1
          envFrom: [{ configMapRef: { name: env } }]
          securityContext: { readOnlyRootFilesystem: true }
          readinessProbe: { tcpSocket: { port: 1 } }
          livenessProbe: { tcpSocket: { port: 2 } }
        - name: b
          image: b:1
          securityContext: { readOnlyRootFilesystem: true }
          startupProbe: { exec: { command: ["true"] }, initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 10 }
`);
    expect(deployment).toMatchObject({
      envConfig: true,
      readOnlyRootFilesystem: true,
      livenessSameAsReadiness: false,
      readinessProbe: true,
      livenessProbe: true,
      startupProbe: true,
      // The first container with a liveness or startup probe is a: its liveness probe, on defaults.
      startupBudgetSeconds: 30,
      unpinnedImages: [],
    });
    expect(at["deployment.envConfig"]).toBe("13:20");
    expect(at["deployment.startupBudgetSeconds"]).toBe("16:26");
    // Of the first container with a startup probe, the startup probe guards the start.
    expect(
      pod(`      containers:
        - name: b
          image: b:1
          livenessProbe: { tcpSocket: { port: 2 } }
          startupProbe: { exec: { command: ["true"] }, initialDelaySeconds: 5, periodSeconds: 2, failureThreshold: 10 }
`).deployment?.startupBudgetSeconds,
    ).toBe(25);
  });

  it("is privileged when any container is, citing that one, and leaves templated images out of the unpinned", () => {
    const { deployment, at } = pod(`      containers:
        - name: a
          image: "{{ .Values.image }}"
          securityContext: { privileged: false }
        - name: b
          image: b
          securityContext: { privileged: true }
`);
    expect(deployment).toMatchObject({ privileged: true, unpinnedImages: ["b"], image: "{{ .Values.image }}" });
    expect(at["deployment.privileged"]).toBe("16:42");
  });

  it("reads the ConfigMaps and Secrets a pod mounts, projected ones too, as config files", () => {
    const { result } = pod(`      containers: [{ name: k, image: k }]
      volumes:
        - name: a
          projected: { sources: [{ secret: { name: creds } }, { configMap: { name: etc } }] }
        - name: b
          secret: { secretName: keys }
        - name: c
          emptyDir: {}
`);
    expect(result.workloads[0]?.facts.deployment).toMatchObject({ configFiles: true, hostPaths: [] });
    expect(result.workloads[0]?.facts.locations["deployment.configFiles"]).toMatchObject({ line: 12 });
  });
});

/** The first workload of a run of documents, with its deployment facts. */
function first(...documents: string[]) {
  const result = extractArtifacts([{ file: "k8s/run.yaml", text: documents.join("---\n") }], INDEX);
  const [workload] = result.workloads;
  if (!workload) throw new Error("no workload read");
  return workload.facts;
}

function controller(kind: string, spec: { pod?: string; top?: string; namespace?: string; labels?: string } = {}): string {
  const labels = spec.labels ?? "{ app: keystone }";
  return `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: keystone-api
${spec.namespace ? `  namespace: ${spec.namespace}\n` : ""}spec:
${spec.top ?? ""}  selector: { matchLabels: ${labels} }
  template:
    metadata: { labels: ${labels} }
    spec:
      containers: [{ name: k, image: "k:1" }]
${spec.pod ?? ""}`;
}

const pdb = (spec: string, namespace = "", selector = "{ matchLabels: { app: keystone } }") =>
  `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: keystone\n${namespace ? `  namespace: ${namespace}\n` : ""}spec:\n  selector: ${selector}\n${spec}`;

describe("reading what surrounds a workload in the run", () => {
  it("finds the PodDisruptionBudget that selects its pods in its namespace, and whether it allows any disruption", () => {
    const deployment = controller("Deployment", { top: "  replicas: 3\n", namespace: "openstack" });
    expect(first(deployment, pdb("  minAvailable: 2\n", "openstack")).deployment).toMatchObject({
      hasPdb: true,
      pdbMinAvailable: 2,
      pdbAllowsNoDisruption: false,
    });
    for (const blocking of ["  minAvailable: 3\n", "  minAvailable: 100%\n", "  maxUnavailable: 0\n", "  maxUnavailable: 0%\n"])
      expect(first(deployment, pdb(blocking)).deployment?.pdbAllowsNoDisruption, blocking).toBe(true);
    expect(first(deployment, pdb("  maxUnavailable: 1\n")).deployment).toMatchObject({
      pdbMaxUnavailable: 1,
      pdbAllowsNoDisruption: false,
    });
    expect(first(deployment, pdb("  minAvailable: 2\n", "elsewhere")).deployment?.hasPdb).toBe(false);
    expect(first(deployment, pdb("  minAvailable: 2\n", "", "{ matchLabels: { app: other } }")).deployment?.hasPdb).toBe(false);
    const facts = first(deployment, pdb("  maxUnavailable: 1\n"));
    // At the PDB: its kind, and the value that decides.
    expect(facts.locations["deployment.hasPdb"]).toMatchObject({ line: 15 });
    expect(facts.locations["deployment.pdbAllowsNoDisruption"]).toMatchObject({ line: 20 });
    // Without replicas, a number of pods that must stay says nothing about blocking.
    expect(first(controller("Deployment"), pdb("  minAvailable: 5\n")).deployment?.pdbAllowsNoDisruption).toBe(false);
  });

  it("finds the headless Service a StatefulSet's serviceName names, in its namespace", () => {
    const statefulSet = controller("StatefulSet", { top: "  serviceName: keystone-peers\n", namespace: "openstack" });
    const service = (clusterIP: string, namespace = "openstack") =>
      `apiVersion: v1\nkind: Service\nmetadata: { name: keystone-peers, namespace: ${namespace} }\nspec:\n  clusterIP: ${clusterIP}\n  selector: { app: keystone }\n`;
    expect(first(statefulSet, service("None")).deployment).toMatchObject({ serviceName: "keystone-peers", headlessService: true });
    expect(first(statefulSet, service("None")).locations["deployment.headlessService"]).toMatchObject({ line: 18 });
    expect(first(statefulSet, service("10.0.0.1")).deployment?.headlessService).toBe(false);
    expect(first(statefulSet, service("None", "elsewhere")).deployment?.headlessService).toBe(false);
    expect(first(controller("StatefulSet")).deployment?.headlessService).toBe(false);
    expect(first(controller("Deployment")).deployment).not.toHaveProperty("headlessService");
  });

  it("counts anti-affinity and topology spread only over hosts or zones, for its own pods, in its namespace", () => {
    const anti = (term: string, preferred = false) =>
      controller("Deployment", {
        pod: preferred
          ? `      affinity:\n        podAntiAffinity:\n          preferredDuringSchedulingIgnoredDuringExecution:\n            - weight: 1\n              podAffinityTerm: ${term}\n`
          : `      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            - ${term}\n`,
      });
    const own = "labelSelector: { matchLabels: { app: keystone } }";
    expect(first(anti(`{ topologyKey: kubernetes.io/hostname, ${own} }`)).deployment?.antiAffinity).toBe(true);
    expect(first(anti(`{ topologyKey: topology.kubernetes.io/zone, ${own} }`, true)).deployment?.antiAffinity).toBe(true);
    expect(first(anti(`{ topologyKey: kubernetes.io/os, ${own} }`)).deployment?.antiAffinity).toBe(false);
    expect(
      first(anti("{ topologyKey: kubernetes.io/hostname, labelSelector: { matchLabels: { app: db } } }")).deployment?.antiAffinity,
    ).toBe(false);
    expect(first(anti(`{ topologyKey: kubernetes.io/hostname, namespaces: [other], ${own} }`)).deployment?.antiAffinity).toBe(false);
    expect(first(anti(`{ topologyKey: kubernetes.io/hostname, namespaces: [default], ${own} }`)).deployment?.antiAffinity).toBe(true);
    expect(first(anti(`{ topologyKey: kubernetes.io/hostname, namespaceSelector: {}, ${own} }`)).deployment?.antiAffinity).toBe(true);
    expect(
      first(anti(`{ topologyKey: kubernetes.io/hostname, namespaceSelector: { matchLabels: { a: b } }, ${own} }`)).deployment?.antiAffinity,
    ).toBe(false);
    expect(first(anti(`{ topologyKey: kubernetes.io/hostname, ${own} }`)).locations["deployment.antiAffinity"]).toMatchObject({ line: 13 });
    const spread = (key: string) =>
      controller("Deployment", {
        pod: `      topologySpreadConstraints:\n        - { maxSkew: 1, topologyKey: ${key}, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: keystone } } }\n`,
      });
    expect(first(spread("kubernetes.io/hostname")).deployment?.topologySpread).toBe(true);
    expect(first(spread("kubernetes.io/arch")).deployment?.topologySpread).toBe(false);
    expect(first(spread("kubernetes.io/hostname")).locations["deployment.topologySpread"]).toMatchObject({ line: 12 });
  });

  it("reads the update strategy with each kind's defaults", () => {
    expect(first(controller("Deployment", { top: "  strategy: { type: Recreate }\n" })).deployment).toMatchObject({
      updateStrategy: "Recreate",
    });
    expect(first(controller("Deployment", { top: "  strategy: { type: Recreate }\n" })).deployment).not.toHaveProperty(
      "updateMaxUnavailable",
    );
    expect(
      first(controller("Deployment", { top: "  strategy: { type: RollingUpdate, rollingUpdate: { maxUnavailable: 1 } }\n" })).deployment,
    ).toMatchObject({ updateStrategy: "RollingUpdate", updateMaxUnavailable: 1 });
    expect(first(controller("StatefulSet")).deployment).toMatchObject({ updateStrategy: "RollingUpdate", updateMaxUnavailable: 1 });
    expect(first(controller("DaemonSet", { top: "  updateStrategy: { type: OnDelete }\n" })).deployment).toMatchObject({
      updateStrategy: "OnDelete",
    });
    const config = `apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata: { name: keystone-api }
spec:
  strategy: { rollingParams: { maxUnavailable: 10% } }
  selector: { app: keystone }
  template:
    metadata: { labels: { app: keystone } }
    spec: { containers: [{ name: k, image: "k:1" }] }
`;
    expect(first(config).deployment).toMatchObject({ kind: "Deployment", updateStrategy: "Rolling", updateMaxUnavailable: "10%" });
  });
});

describe("image pinning, names and namespaces", () => {
  it("takes an image as pinned by a digest or a tag other than latest, never by a registry port", () => {
    for (const [image, pinned] of [
      ["keystone@sha256:abc", true],
      ["registry:5000/keystone", false],
      ["registry:5000/keystone:2024.1", true],
      ["keystone:", false],
      ["keystone:latest", false],
      ["keystone", false],
    ] as const)
      expect(isPinnedImage(image), image).toBe(pinned);
  });

  it("names an unnamed object and reads no namespace as the one it is applied to, which any namespace may share", () => {
    expect(readName({ metadata: {} })).toBe("(unnamed)");
    expect(readName({ metadata: { name: 3 } })).toBe("(unnamed)");
    expect(readName({ metadata: { name: "a" } })).toBe("a");
    expect(readNamespace({ metadata: { namespace: "x" } })).toBe("x");
    expect(readNamespace({})).toBe("");
    expect(isSameNamespace("a", "a")).toBe(true);
    expect(isSameNamespace("a", "")).toBe(true);
    expect(isSameNamespace("", "b")).toBe(true);
    expect(isSameNamespace("a", "b")).toBe(false);
  });
});
