import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../src/extract/compose/extract-compose-facts.js";
import { type ArtifactFacts, detectArtifactFormat, extractArtifacts, type ServiceIndex } from "../src/extract/index.js";
import { packedPlacesOf } from "../src/extract/packed-places.js";
import { listFiles, readInputFile } from "../src/load/files.js";
import { novaRegion } from "./helpers/manifests.js";

const SERVICES: Record<string, string[]> = {
  nova: ["nova-api", "nova-compute", "nova-conductor"],
  keystone: ["keystone-api"],
  glance: ["glance-api"],
  neutron: ["neutron-l3-agent", "neutron-server"],
  rabbitmq: ["rabbitmq"],
  cinder: ["cinder-volume", "cinder-backup"],
  openvswitch: ["openvswitch"],
};
const ALIASES: Record<string, string> = { "keystone-api": "keystone" };

/** A small catalog index standing in for the built-in profiles. */
function buildIndex(): ServiceIndex {
  const names = new Map<string, string>();
  const byProject = new Map<string, string[]>();
  for (const [project, services] of Object.entries(SERVICES)) {
    byProject.set(project, services);
    for (const service of services) names.set(service, service);
  }
  for (const [service, alias] of Object.entries(ALIASES)) names.set(alias, service);
  return { names, byProject };
}

const index = buildIndex();
const fixture = (path: string) => ({ file: `fixtures/artifacts/${path}`, text: readFileSync(`fixtures/artifacts/${path}`, "utf8") });
const factsFor = (facts: readonly ArtifactFacts[], service: string) => {
  const found = facts.find((f) => f.service === service);
  if (!found) throw new Error(`no facts for ${service}; got ${facts.map((f) => f.service).join(", ")}`);
  return found;
};

describe("Kubernetes manifests", () => {
  const result = extractArtifacts(
    [fixture("k8s/nova-compute-daemonset.yaml"), fixture("k8s/keystone-api-list.yaml"), fixture("k8s/rabbitmq-statefulset.yaml")],
    index,
  );

  it("maps an openstack-helm DaemonSet by application and component labels, with YAML 1.1 booleans", () => {
    const nova = factsFor(result.facts, "nova-compute");
    expect(nova.deployment).toMatchObject({
      source: "kubernetes",
      kind: "DaemonSet",
      name: "nova-compute-default",
      placement: "k8s-pinned",
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      privileged: true,
      hostPaths: ["/var/lib/nova", "/lib/modules"],
      nodePinned: true,
      graceSeconds: 120,
      preStop: true,
      livenessProbe: true,
      readinessProbe: true,
      startupProbe: false,
      startupBudgetSeconds: 120 + 90 * 3,
      envConfig: true,
      configFiles: true,
    });
  });

  it("records the file, line and column of each deployment fact", () => {
    const nova = factsFor(result.facts, "nova-compute");
    const file = "fixtures/artifacts/k8s/nova-compute-daemonset.yaml";
    expect(nova.locations["deployment.graceSeconds"]).toEqual({ file, line: 26, column: 38 });
    expect(nova.locations["deployment.hostNetwork"]).toEqual({ file, line: 21, column: 20 });
    expect(nova.locations["deployment.kind"]).toEqual({ file, line: 3, column: 7 });
  });

  it("keeps a db-sync Job out of the long-running workload's facts", () => {
    const nova = factsFor(result.facts, "nova-compute");
    expect(nova.deployment?.kind).toBe("DaemonSet");
    expect(nova.jobs).toEqual([
      { kind: "Job", name: "nova-db-sync", file: "fixtures/artifacts/k8s/nova-compute-daemonset.yaml", line: 68 },
    ]);
  });

  it("reads List items, app.kubernetes.io labels, PodDisruptionBudgets and anti-affinity", () => {
    const keystone = factsFor(result.facts, "keystone-api");
    expect(keystone.deployment).toMatchObject({
      kind: "Deployment",
      placement: "k8s-scheduled",
      replicas: 3,
      hasPdb: true,
      pdbMinAvailable: 2,
      antiAffinity: true,
      graceSeconds: 30,
      startupProbe: true,
      startupBudgetSeconds: 60,
      envConfig: true,
      hostNetwork: false,
      privileged: false,
      nodePinned: false,
    });
    expect(keystone.locations["deployment.replicas"]?.line).toBe(13);
  });

  it("lists a workload that maps to no service with its labels as the reason", () => {
    const grafana = result.unrecognized.find((u) => u.name === "grafana");
    expect(grafana).toMatchObject({ file: "fixtures/artifacts/k8s/keystone-api-list.yaml", kind: "Deployment", line: 57 });
    expect(grafana?.reason).toContain("app=grafana");
  });

  it("sees a headless Service selecting a StatefulSet", () => {
    const rabbit = factsFor(result.facts, "rabbitmq");
    expect(rabbit.deployment).toMatchObject({ kind: "StatefulSet", headlessService: true, replicas: 3, placement: "k8s-statefulset" });
    expect(rabbit.locations["deployment.headlessService"]?.line).toBe(6);
  });

  it("lists a helm-rendered CronJob as a job of its service, never as its deployment", () => {
    const extracted = extractArtifacts([fixture("k8s/cinder-helm-template.yaml")], index);
    const cinder = factsFor(extracted.facts, "cinder-volume");
    expect(cinder.deployment).toBeUndefined();
    expect(cinder.jobs).toEqual([
      { kind: "CronJob", name: "cinder-volume-usage-audit", file: "fixtures/artifacts/k8s/cinder-helm-template.yaml", line: 4 },
    ]);
    expect(extracted.unrecognized).toEqual([]);
  });

  it("maps a workload by its kolla image name when labels say nothing, in a file with no extension", () => {
    const extracted = extractArtifacts([fixture("k8s/neutron-agent-by-image")], index);
    expect(extracted.facts.map((f) => f.service)).toEqual(["neutron-l3-agent"]);
    expect(extracted.facts[0]?.deployment?.kind).toBe("Pod");
  });

  it("reports a manifest that does not parse as a problem with file:line:col", () => {
    const extracted = extractArtifacts([fixture("invalid/broken.yaml")], index);
    expect(extracted.facts).toEqual([]);
    expect(extracted.problems).toHaveLength(1);
    expect(extracted.problems[0]).toMatchObject({ file: "fixtures/artifacts/invalid/broken.yaml", code: "yaml-syntax" });
    expect(extracted.problems[0]?.line).toBeGreaterThan(1);
  });
});

describe("facts equal across files", () => {
  // The same chart in two regions: its workloads' facts are equal in all but where they were read.
  const regions = ["region-a", "region-b"].map((region) => {
    const { text } = fixture("k8s/cinder-helm-template.yaml");
    return { file: `${region}/cinder.yaml`, text };
  });
  const extracted = extractArtifacts(regions, index);
  const inRegion = (region: string) => extracted.workloads.filter((w) => w.workload.file.startsWith(region));

  it("are held once, frozen, with each workload still where it was read", () => {
    const [a, b] = [inRegion("region-a"), inRegion("region-b")];
    expect(a.length).toBeGreaterThan(0);
    expect(b.map((w) => w.workload.name)).toEqual(a.map((w) => w.workload.name));
    for (const [i, workload] of a.entries()) {
      const other = b[i] as (typeof b)[number];
      expect(other.facts.deployment).toBe(workload.facts.deployment);
      expect(Object.isFrozen(workload.facts.deployment)).toBe(true);
      expect(other.workload.file).toBe("region-b/cinder.yaml");
      expect(other.facts.locations["deployment.kind"]?.file).toBe("region-b/cinder.yaml");
      // Their places are held packed to their assessment, the keys of both regions' once.
      const [packed, otherPacked] = [packedPlacesOf(workload.facts), packedPlacesOf(other.facts)];
      expect(packed?.keys.length).toBeGreaterThan(20);
      expect(otherPacked?.keys).toBe(packed?.keys);
      expect(otherPacked?.files).toEqual(["region-b/cinder.yaml"]);
    }
  });

  it("share the parts of the oslo facts that are equal, not the files they were read from", () => {
    const manifest = (myIp: string) => novaRegion(myIp, ["transport_url = rabbit://nova:secret@rabbitmq.openstack.svc:5672/"]);
    const read = extractArtifacts(
      [
        { file: "region-a/nova.yaml", text: manifest("10.0.0.11") },
        { file: "region-b/nova.yaml", text: manifest("10.0.1.11") },
      ],
      index,
    );
    const [a, b] = read.workloads.map((w) => w.facts.oslo);
    expect(read.workloads).toHaveLength(2);
    expect([a?.myIp, b?.myIp]).toEqual(["10.0.0.11", "10.0.1.11"]);
    expect(b?.files).not.toEqual(a?.files);
    expect(b?.transportHosts).toHaveLength(1);
    expect(b?.transportHosts).toBe(a?.transportHosts);
    expect(Object.isFrozen(a)).toBe(true);
  });
});

describe("oslo.config files", () => {
  const result = extractArtifacts(
    [fixture("oslo/nova.conf"), fixture("oslo/l3_agent.ini"), fixture("oslo/glance-api"), fixture("oslo/heat.conf")],
    index,
  );

  it("ties nova.conf to every nova service and reads its facts", () => {
    for (const service of SERVICES.nova ?? []) {
      expect(factsFor(result.facts, service).oslo?.files).toEqual(["fixtures/artifacts/oslo/nova.conf"]);
    }
    const oslo = factsFor(result.facts, "nova-compute").oslo;
    expect(oslo).toMatchObject({
      host: "compute-07.example.net",
      myIp: "192.0.2.17",
      myIpIsLiteral: true,
      gracefulShutdownTimeout: 90,
      useStderr: false,
      logDir: "/var/log/nova",
      transportHosts: [
        { host: "rabbit-0.example.net", ipLiteral: false },
        { host: "2001:db8::5", ipLiteral: true },
      ],
      databaseHosts: [{ host: "192.0.2.40", ipLiteral: true }],
      memcacheServers: [
        { host: "memcached-0.example.net", ipLiteral: false },
        { host: "2001:db8::7", ipLiteral: true },
      ],
      amqpDurableQueues: true,
      rabbitQuorumQueue: true,
      vncServerListen: "0.0.0.0",
      vncServerProxyclientAddress: "{{ api_interface_address }}",
      liveMigrationInboundAddr: "198.51.100.17",
      coordinationBackend: "etcd3+http",
      workers: 4,
    });
    expect(factsFor(result.facts, "nova-compute").locations["oslo.host"]).toEqual({
      file: "fixtures/artifacts/oslo/nova.conf",
      line: 3,
      column: 1,
    });
  });

  it("ties an agent ini to its agent and an extensionless file to its service by name", () => {
    expect(factsFor(result.facts, "neutron-l3-agent").oslo?.files).toEqual(["fixtures/artifacts/oslo/l3_agent.ini"]);
    const glance = factsFor(result.facts, "glance-api").oslo;
    expect(glance).toMatchObject({ host: "{{ ansible_facts.hostname }}", myIpIsLiteral: false, useStderr: true });
  });

  it("lists a config file for a service the catalog lacks as unrecognized", () => {
    expect(result.unrecognized).toEqual([
      expect.objectContaining({ file: "fixtures/artifacts/oslo/heat.conf", kind: "oslo-config", line: 1 }),
    ]);
  });

  it("reports INI syntax errors with their lines", () => {
    const extracted = extractArtifacts([fixture("invalid/bad-ini.conf")], {
      names: new Map([["bad-ini", "bad-ini"]]),
      byProject: new Map(),
    });
    expect(extracted.problems.map((p) => [p.line, p.code])).toEqual([
      [2, "ini-unexpected-continuation"],
      [3, "ini-invalid-assignment"],
      [4, "ini-section-bracket"],
    ]);
  });
});

describe("compose, swarm and kolla-ansible files", () => {
  const result = extractArtifacts(
    [
      fixture("compose/docker-compose.yml"),
      fixture("compose/legacy-v1.yml"),
      fixture("compose/stack.yaml"),
      fixture("kolla/nova-cell.defaults.main.yml"),
    ],
    index,
  );

  it("reads a compose service as a POCI placement", () => {
    const keystone = factsFor(result.facts, "keystone-api");
    expect(keystone.deployment).toMatchObject({
      source: "compose",
      kind: "compose-service",
      placement: "poci",
      hostNetwork: true,
      hostname: "keystone-1",
      restartPolicy: "unless-stopped",
      graceSeconds: 90,
      hostPaths: ["./config/keystone", "/etc/localtime"],
      configFiles: true,
      envConfig: true,
      healthcheck: true,
      logDriver: "journald",
    });
    expect(keystone.locations["deployment.graceSeconds"]).toEqual({
      file: "fixtures/artifacts/compose/docker-compose.yml",
      line: 8,
      column: 24,
    });
    expect(result.unrecognized).toContainEqual(expect.objectContaining({ name: "adminer", kind: "compose-service", line: 20 }));
  });

  it("reads a compose v1 file with net: host by its container name", () => {
    const both = factsFor(result.facts, "nova-compute");
    expect(both.deployment?.source).toBe("compose");
    expect(both.otherWorkloads).toEqual([
      { kind: "kolla-service", name: "nova_compute", file: "fixtures/artifacts/kolla/nova-cell.defaults.main.yml", line: 3 },
    ]);
    const legacy = extractArtifacts([fixture("compose/legacy-v1.yml")], index);
    expect(factsFor(legacy.facts, "nova-compute").deployment).toMatchObject({
      placement: "poci",
      hostNetwork: true,
      hostPID: true,
      privileged: true,
      restartPolicy: "always",
      hostPaths: ["/run", "/lib/modules"],
    });
  });

  it("reads a stack file with deploy: as a swarm placement", () => {
    expect(factsFor(result.facts, "rabbitmq").deployment).toMatchObject({
      kind: "swarm-service",
      placement: "swarm",
      replicas: 3,
      nodePinned: true,
      graceSeconds: 45,
      restartPolicy: "on-failure",
    });
  });

  it("reads kolla-ansible service definitions without evaluating Jinja", () => {
    const extracted = extractArtifacts([fixture("kolla/nova-cell.defaults.main.yml")], index);
    expect(factsFor(extracted.facts, "nova-compute").deployment).toMatchObject({
      source: "kolla-ansible",
      placement: "poci",
      hostNetwork: true,
      privileged: true,
      hostIPC: true,
      image: "{{ nova_compute_image_full }}",
      hostPaths: ["/lib/modules", "/run", "/dev"],
      configFiles: true,
      envConfig: true,
      healthcheck: true,
    });
    expect(extracted.unrecognized).toEqual([expect.objectContaining({ name: "nova-conductor-extra", kind: "kolla-service", line: 15 })]);
  });

  it("lists an empty file as unrecognized rather than dropping it", () => {
    const extracted = extractArtifacts([fixture("compose/empty.yml")], index);
    expect(extracted.unrecognized).toEqual([
      expect.objectContaining({
        file: "fixtures/artifacts/compose/empty.yml",
        line: 1,
        reason: "the file is empty or holds only comments",
      }),
    ]);
  });
});

describe("parseDuration", () => {
  it("reads compose durations in seconds and refuses anything else", () => {
    expect(parseDuration("1m30s")).toBe(90);
    expect(parseDuration("2h")).toBe(7200);
    expect(parseDuration("1500ms")).toBe(1.5);
    expect(parseDuration("45")).toBe(45);
    expect(parseDuration("1m30")).toBeUndefined();
    expect(parseDuration("{{ stop_grace }}")).toBeUndefined();
  });

  it("gives a compose service with no stop_grace_period Docker's 10 s, located at the service", () => {
    const extracted = extractArtifacts([fixture("compose/legacy-v1.yml")], index);
    const nova = factsFor(extracted.facts, "nova-compute");
    expect(nova.deployment?.graceSeconds).toBe(10);
    expect(nova.locations["deployment.graceSeconds"]).toEqual({ file: "fixtures/artifacts/compose/legacy-v1.yml", line: 1, column: 1 });
  });
});

describe("detectArtifactFormat", () => {
  it("judges INI by a section header even without an extension, and YAML by content", () => {
    expect(detectArtifactFormat("etc/nova/nova", "# c\n[DEFAULT]\nhost = a\n")).toBe("oslo-ini");
    expect(detectArtifactFormat("deploy/app.yaml", "services:\n  a: {image: x}\n")).toBe("yaml");
    expect(detectArtifactFormat("deploy/manifest", "apiVersion: v1\nkind: Pod\n")).toBe("yaml");
    expect(detectArtifactFormat("x.conf", "\n# only comments\n")).toBe("oslo-ini");
    expect(detectArtifactFormat("list.yaml", "[a, b]\n")).toBe("yaml");
  });

  it("finds the first line that is not blank or a comment, whatever the line endings", () => {
    expect(detectArtifactFormat("etc/nova/nova", "\r\n  \r; note\r\n# more\n[DEFAULT]\r\nhost = a")).toBe("oslo-ini");
    expect(detectArtifactFormat("etc/nova/nova", "# c\r[DEFAULT]")).toBe("oslo-ini");
    expect(detectArtifactFormat("etc/nova/nova", "# [DEFAULT]\nkey: value\n[DEFAULT]\n")).toBe("yaml");
    expect(detectArtifactFormat("notes", "\n\r\n  \n# only comments")).toBe("unknown");
    expect(detectArtifactFormat("notes", "")).toBe("unknown");
  });
});

const CORPUS = "../shared/corpus";

describe.skipIf(!existsSync(CORPUS))(`the shared corpus at ${CORPUS} (skipped when absent)`, () => {
  const listed = listFiles([CORPUS], process.cwd());
  const inputs = listed.files.flatMap((f) => {
    const read = readInputFile(f, process.cwd());
    return read.ok ? [read.input] : [];
  });
  const result = extractArtifacts(inputs, index);

  it("accounts for every file: facts, an unrecognized entry or a problem", () => {
    const seen = new Set([
      ...result.unrecognized.map((u) => u.file),
      ...result.problems.map((p) => p.file),
      ...result.facts.flatMap((f) => [
        ...Object.values(f.locations).map((l) => l.file),
        ...(f.oslo?.files ?? []),
        ...[...(f.jobs ?? []), ...(f.otherWorkloads ?? [])].map((j) => j.file),
      ]),
    ]);
    expect(inputs.length).toBeGreaterThan(50);
    expect(inputs.map((i) => i.file).filter((f) => !seen.has(f))).toEqual([]);
    for (const u of result.unrecognized) expect(u.line).toBeGreaterThanOrEqual(1);
  });

  it("recognises openstack-helm cinder-volume, cinder-backup and openvswitch with host paths, privileges and grace", () => {
    const volume = factsFor(result.facts, "cinder-volume").deployment;
    expect(volume).toMatchObject({ source: "kubernetes", kind: "Deployment", privileged: true });
    expect(volume?.hostPaths?.length).toBeGreaterThan(0);
    expect(volume?.graceSeconds).toBeTypeOf("number");
    const backup = factsFor(result.facts, "cinder-backup").deployment;
    expect(backup).toMatchObject({ source: "kubernetes", kind: "Deployment", privileged: true });
    expect(backup?.graceSeconds).toBeTypeOf("number");
    const ovs = factsFor(result.facts, "openvswitch").deployment;
    // openstack-helm's openvswitch adds capabilities instead of running privileged.
    expect(ovs).toMatchObject({ source: "kubernetes", kind: "DaemonSet", placement: "k8s-pinned", hostNetwork: true, nodePinned: true });
    expect(ovs?.capabilities).toEqual(expect.arrayContaining(["NET_ADMIN", "SYS_MODULE"]));
    expect(ovs?.hostPaths).toContain("/run/openvswitch");
  });

  it("reads a kustomize patch as a partial keystone-api workload that yields to a complete one", () => {
    const keystone = factsFor(result.facts, "keystone-api");
    expect(keystone.deployment?.partial).toBeUndefined();
    expect(keystone.otherWorkloads).toContainEqual(expect.objectContaining({ kind: "Deployment", name: "keystone-api", line: 2 }));
    const alone = extractArtifacts(
      [readInputFile(`${CORPUS}/k8s/genestack/PARTIAL-keystone-api-patch.yaml`, ".")].flatMap((r) => (r.ok ? [r.input] : [])),
      {
        names: new Map([["keystone-api", "keystone-api"]]),
        byProject: new Map([["keystone", ["keystone-api"]]]),
      },
    );
    const patch = factsFor(alone.facts, "keystone-api").deployment;
    expect(patch).toMatchObject({ kind: "Deployment", partial: true });
    expect(patch?.graceSeconds).toBeUndefined();
    expect(patch?.hostNetwork).toBeUndefined();
  });

  it("reads kolla compose files and kolla-ansible defaults as POCI placements", () => {
    const kolla = result.facts.filter((f) => f.deployment?.source === "kolla-ansible" || f.deployment?.source === "compose");
    expect(kolla.length).toBeGreaterThan(0);
    for (const f of kolla) expect(f.deployment?.placement).toBe("poci");
  });
});
