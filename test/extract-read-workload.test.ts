import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ServiceIndex } from "../src/extract/artifact-facts.js";
import { extractArtifacts } from "../src/extract/index.js";

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
