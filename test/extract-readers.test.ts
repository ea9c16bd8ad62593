import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { type ArtifactFacts, extractArtifacts } from "../src/extract/index.js";
import { parseOsloIni } from "../src/extract/oslo/parse-oslo-ini.js";
import { recognizeOsloConfig } from "../src/extract/oslo/recognize-oslo-config.js";
import { placementOverridesFrom } from "../src/extract/placement-overrides.js";
import { loadInputs } from "../src/load/inputs.js";
import type { DeploymentFacts } from "../src/model/facts.js";

const DIR = "fixtures/artifacts/readers";

/** Reads a fixture folder with the built-in catalog, as `assess` does. */
function read(folder: string) {
  const inputs = loadInputs({ paths: [`${DIR}/${folder}`], cwd: process.cwd() });
  const facts = (service: string): ArtifactFacts => {
    const found = inputs.extracted.facts.find((f) => f.service === service);
    if (!found) throw new Error(`no facts for ${service}; got ${inputs.extracted.facts.map((f) => f.service).join(", ")}`);
    return found;
  };
  const status = (rule: string, service: string, placement?: string) => {
    const assessment = assess(inputs, { tool: { name: "blendcheck", version: "test" } });
    const wanted = placement ?? facts(service).deployment?.placement ?? "k8s-scheduled";
    return assessment.findings.find((f) => f.rule === rule && f.service === service && f.placement === wanted)?.status;
  };
  return { inputs, facts, status };
}

describe("oslo.config recognized by its content", () => {
  const run = read("oslo-by-content");

  it("recognizes a nova.conf under a name that says nothing, for the libvirt variant only", () => {
    const services = run.inputs.extracted.facts.filter((f) => f.oslo?.files.some((file) => file.endsWith("compute-node-07.conf")));
    expect(services.map((f) => f.service)).toContain("nova-compute");
    expect(services.map((f) => f.service)).toContain("nova-api");
    expect(services.map((f) => f.service)).not.toContain("nova-compute-ironic");
    expect(run.inputs.extracted.unrecognized).toEqual([]);
  });

  it("extracts every fact the rules need, each with its line", () => {
    const nova = run.facts("nova-compute");
    expect(nova.oslo).toMatchObject({
      host: "server01",
      myIp: "10.20.0.7",
      myIpIsLiteral: true,
      gracefulShutdownTimeout: 150,
      useStderr: false,
      logDir: "/var/log/nova",
      transportHosts: [
        { host: "10.20.0.11", ipLiteral: true },
        { host: "rabbit-b.example.org", ipLiteral: false },
      ],
      databaseHosts: [{ host: "10.20.0.12", ipLiteral: true }],
      memcacheServers: [
        { host: "10.20.0.13", ipLiteral: true },
        { host: "cache-b.example.org", ipLiteral: false },
      ],
    });
    const file = `${DIR}/oslo-by-content/compute-node-07.conf`;
    expect(nova.locations["oslo.host"]).toEqual({ file, line: 4, column: 1 });
    expect(nova.locations["oslo.databaseHosts"]).toEqual({ file, line: 15, column: 1 });
    expect(nova.locations["oslo.memcacheServers"]).toEqual({ file, line: 18, column: 1 });
  });

  it("recognizes keystone.prod.conf by [token] and [fernet_tokens], and use_stderr = true passes the log rules", () => {
    expect(run.facts("keystone-api").oslo).toMatchObject({ useStderr: true, logFile: "/var/log/keystone/keystone.log" });
    expect(run.status("deployment/logs-to-stream", "keystone-api", "k8s-scheduled")).toBe("pass");
    expect(run.status("twelve-factor/logs-to-stream", "keystone-api", "k8s-scheduled")).toBe("pass");
    expect(run.status("deployment/logs-to-stream", "nova-compute", "k8s-scheduled")).toBe("fail");
  });
});

describe("variants chosen from values", () => {
  const run = read("variants");
  const filesOf = (service: string) => (run.facts(service).oslo?.files ?? []).map((f) => f.split("/").at(-1));

  it("attaches compute_driver = libvirt to nova-compute and ironic.IronicDriver to nova-compute-ironic", () => {
    expect(filesOf("nova-compute")).toEqual(["hypervisor-a.conf"]);
    expect(filesOf("nova-compute-ironic")).toEqual(["baremetal-computes.conf"]);
  });

  it("attaches an RBD backend to cinder-volume and an LVM backend to cinder-volume-lvm", () => {
    expect(filesOf("cinder-volume")).toEqual(["storage-rbd.conf"]);
    expect(filesOf("cinder-volume-lvm")).toEqual(["storage-lvm.conf"]);
  });
});

describe("oslo.config in a ConfigMap", () => {
  const run = read("configmap");

  it("reads nova.conf from the ConfigMap a nova-compute DaemonSet in another file mounts, citing the manifest's lines", () => {
    const compute = run.facts("nova-compute");
    expect(compute.oslo).toMatchObject({ host: "compute-a", myIp: "10.30.0.21", useStderr: true });
    expect(compute.locations["oslo.host"]).toEqual({ file: `${DIR}/configmap/nova-etc.yaml`, line: 9, column: 1 });
    expect(run.facts("nova-api").oslo).toBeUndefined();
  });

  it("treats a DaemonSet on the pod network as neither IP- nor hostname-stable", () => {
    expect(run.facts("nova-compute").deployment).toMatchObject({ kind: "DaemonSet", placement: "k8s-pinned", hostNetwork: false });
    expect(run.status("deployment/my-ip-follows-container", "nova-compute")).toBe("fail");
  });
});

describe("Kubernetes semantics across the files of a run", () => {
  const run = read("k8s-semantics");

  it("assesses a Deployment without a selector from its pod template, as a partial object", () => {
    const glance = run.facts("glance-api").deployment;
    expect(glance).toMatchObject({ kind: "Deployment", partial: true, replicas: 3, readinessProbe: true });
    expect(glance?.graceSeconds).toBeUndefined();
    expect(glance?.hostNetwork).toBeUndefined();
    expect(run.status("deployment/readiness-probe-on-api", "glance-api")).toBe("pass");
  });

  it("fails the PDB rule when the only PDB selects the controller's labels, which no pod carries", () => {
    expect(run.facts("heat-api").deployment?.hasPdb).toBe(false);
    expect(run.status("deployment/pdb-for-scaled-service", "heat-api")).toBe("fail");
  });

  it("fails the spread rule when anti-affinity selects other pods", () => {
    expect(run.facts("mariadb-galera").deployment?.antiAffinity).toBe(false);
    expect(run.status("deployment/quorum-members-spread", "mariadb-galera")).toBe("fail");
  });
});

describe("spread, headless Service and PDB from other files", () => {
  const run = read("galera-spread");

  it("passes the spread rule with a topology spread of its own pods over hostnames", () => {
    expect(run.facts("mariadb-galera").deployment).toMatchObject({ topologySpread: true, antiAffinity: false });
    expect(run.status("deployment/quorum-members-spread", "mariadb-galera")).toBe("pass");
  });

  it("finds the headless Service its serviceName names and the PDB with an empty selector", () => {
    expect(run.facts("mariadb-galera").deployment).toMatchObject({
      serviceName: "mariadb-discovery",
      headlessService: true,
      hasPdb: true,
      pdbMaxUnavailable: 1,
    });
  });
});

describe("placement facts from a workload, both ways", () => {
  const base: DeploymentFacts = { source: "kubernetes", kind: "Deployment", name: "x", placement: "k8s-scheduled" };

  it("keeps a host-network Deployment IP-stable only when pinned", () => {
    expect(placementOverridesFrom({ ...base, hostNetwork: true, nodePinned: false })).toMatchObject({ hostNetwork: true, ipStable: false });
    expect(placementOverridesFrom({ ...base, hostNetwork: true, nodePinned: true })).toMatchObject({
      ipStable: true,
      hostnameStable: true,
    });
  });

  it("turns IP stability off for a pod-network DaemonSet and leaves unstated facts alone", () => {
    expect(placementOverridesFrom({ ...base, kind: "DaemonSet", hostNetwork: false })).toMatchObject({
      hostNetwork: false,
      ipStable: false,
      hostnameStable: false,
    });
    expect(placementOverridesFrom({ ...base, partial: true })).toEqual({});
  });
});

describe("compose names as people write them", () => {
  const run = read("compose-names");
  const nameOf = (service: string) => run.facts(service).deployment?.name;

  it("maps prefixed names, images by variable, an older name and a host-style compute name", () => {
    expect(nameOf("mariadb-galera")).toBe("identity-db");
    expect(nameOf("memcached")).toBe("identity-cache");
    expect(nameOf("rabbitmq")).toBe("identity-broker");
    expect(nameOf("keystone-api")).toBe("identity");
    expect(nameOf("placement-api")).toBe("nova-placement-api");
    expect(nameOf("nova-compute")).toBe("compute01");
    expect(run.inputs.extracted.unrecognized).toEqual([]);
  });
});

describe("facts the deployment checks read, from a manifest", () => {
  const run = read("k8s-checks");

  it("reads image pinning, host ports, probes, replicas and the PDB's budget", () => {
    expect(run.facts("keystone-api").deployment).toMatchObject({
      unpinnedImages: ["registry.example.org/keystone:latest"],
      hostPorts: [5000],
      livenessSameAsReadiness: true,
      readOnlyRootFilesystem: false,
      hasPdb: true,
      pdbAllowsNoDisruption: true,
      updateStrategy: "RollingUpdate",
    });
    expect(run.facts("keystone-api").deployment?.replicas).toBeUndefined();
  });

  it("fails the checks those facts feed", () => {
    for (const rule of [
      "image-pinned",
      "host-port-moves",
      "replicas-for-scaled-service",
      "pdb-allows-disruption",
      "read-only-root-filesystem",
    ])
      expect([rule, run.status(`deployment/${rule}`, "keystone-api")]).toEqual([rule, "fail"]);
  });
});

describe("kolla's config.json and OpenShift's DeploymentConfig", () => {
  const run = read("kolla-configmap");

  it("gives a ConfigMap's nova.conf to the command its config.json names, with lines in the manifest", () => {
    const conductor = run.facts("nova-conductor");
    expect(conductor.oslo).toMatchObject({ workers: 4, transportHosts: [{ host: "rabbit-0.rabbit.openstack.svc", ipLiteral: false }] });
    expect(conductor.locations["oslo.workers"]).toEqual({ file: `${DIR}/kolla-configmap/nova-conductor-config.yaml`, line: 16, column: 1 });
    expect(run.inputs.extracted.facts.filter((f) => f.oslo).map((f) => f.service)).toEqual(["nova-conductor"]);
  });

  it("reads a DeploymentConfig as a Deployment", () => {
    expect(run.facts("glance-api").deployment).toMatchObject({ kind: "Deployment", replicas: 2, placement: "k8s-scheduled" });
    expect(run.facts("glance-api").deployment?.partial).toBeUndefined();
  });
});

describe("oslo.config recognition, edge cases", () => {
  const index = {
    names: new Map([
      ["glance-api", "glance-api"],
      ["nova-api", "nova-api"],
      ["keystone-api", "keystone-api"],
    ]),
    byProject: new Map([
      ["glance", ["glance-api"]],
      ["nova", ["nova-api"]],
      ["keystone", ["keystone-api"]],
    ]),
  };
  const recognize = (file: string, text: string) => recognizeOsloConfig(parseOsloIni(text, file).document, file, index);

  it("leaves a config of a process the catalog lacks unrecognized, even with its project's sections", () => {
    expect(recognize("glance-cache.conf", "[glance_store]\nfilesystem_store_datadir = /var/lib/glance\n")).toMatchObject({
      services: [],
      reason: expect.stringContaining("glance-cache"),
    });
  });

  it("names the projects when sections of two tie", () => {
    expect(recognize("site.conf", "[api_database]\nconnection = x\n[fernet_tokens]\nmax_active_keys = 3\n")).toMatchObject({
      services: [],
      reason: expect.stringContaining("keystone, nova"),
    });
  });

  it("lets content outweigh a name when two or more signatures say so", () => {
    expect(recognize("glance.conf", "[token]\nprovider = fernet\n[fernet_tokens]\nmax_active_keys = 3\n")).toEqual({
      services: ["keystone-api"],
      via: "content",
    });
  });
});

describe("Secrets", () => {
  it("reads an oslo.config file from base64 Secret data, citing the key's line", () => {
    const conf = Buffer.from("[DEFAULT]\nhost = compute-b\n").toString("base64");
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: nova-etc\ndata:\n  nova.conf: ${conf}\n`;
    const index = { names: new Map([["nova-api", "nova-api"]]), byProject: new Map([["nova", ["nova-api"]]]) };
    const result = extractArtifacts([{ file: "secret.yaml", text }], index);
    expect(result.facts).toEqual([expect.objectContaining({ service: "nova-api", oslo: expect.objectContaining({ host: "compute-b" }) })]);
    expect(result.facts[0]?.locations["oslo.host"]).toEqual({ file: "secret.yaml", line: 6, column: 1 });
  });
});

describe("a kustomize patch with a selector", () => {
  const run = read("kustomize-patch");

  it("is partial because a Kustomization of the run names it as a patch: absent fields stay unknown", () => {
    const rabbit = run.facts("rabbitmq").deployment;
    expect(rabbit).toMatchObject({ kind: "StatefulSet", partial: true, graceSeconds: 600 });
    expect(rabbit?.livenessProbe).toBeUndefined();
    expect(rabbit?.hasPdb).toBeUndefined();
    expect(run.status("deployment/statefulset-headless-service", "rabbitmq")).toBe("unknown");
    expect(run.inputs.extracted.unrecognized).toEqual([]);
  });
});
