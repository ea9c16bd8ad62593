import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import type { ServiceIndex, WorkloadFacts } from "../src/extract/artifact-facts.js";
import { detectContainerFile, extractComposeFacts, parseDuration } from "../src/extract/compose/extract-compose-facts.js";

const INDEX: ServiceIndex = {
  names: new Map([
    ["keystone", "keystone-api"],
    ["rabbitmq", "rabbitmq"],
    ["nova-compute", "nova-compute"],
    ["nova-api", "nova-api"],
  ]),
  byProject: new Map(),
  byRole: new Map(),
};

function extract(text: string, file = "deploy/compose.yaml") {
  return extractComposeFacts({ file, text }, load(text), 0, INDEX);
}

/** Each fact's location as `line:column`, read through the deferred locations. */
function where(workload: WorkloadFacts): Record<string, string> {
  return Object.fromEntries(Object.entries(workload.locations ?? {}).map(([fact, at]) => [fact, `${at.line}:${at.column}`]));
}

const NO_KUBERNETES = {
  preStop: false,
  readinessProbe: false,
  livenessProbe: false,
  startupProbe: false,
  hasPdb: false,
  antiAffinity: false,
  headlessService: false,
};

const COMPOSE = `services:
  keystone:
    image: "registry.example.org/keystone:2024.1"
    network_mode: host
    pid: host
    ipc: host
    privileged: true
    cap_add: [net_admin, CAP_SYS_ADMIN, NET_ADMIN, 7]
    volumes:
      - /etc/keystone:/etc/keystone:ro
      - ./data:/var/lib/keystone
      - named:/var/lib/named
      - type: bind
        source: ~/logs
        target: /var/log
      - type: volume
        source: /not/a/bind
        target: /etc/not-a-bind
    stop_grace_period: 1m30s
    restart: always
    healthcheck: { test: ["CMD", "true"] }
    logging: { driver: journald }
    hostname: ks1
    environment: { A: "1" }
  web:
    image: nginx
  worker:
    command: ["run"]
`;

describe("extractComposeFacts on a compose file", () => {
  it("reads every fact of a catalog service, with the defaults compose applies", () => {
    const { workloads } = extract(COMPOSE);
    expect(workloads).toHaveLength(1);
    const [keystone] = workloads as [WorkloadFacts];
    expect(keystone.service).toBe("keystone-api");
    expect(keystone.isJob).toBe(false);
    expect(keystone).not.toHaveProperty("generic");
    expect(keystone.deployment).toEqual({
      source: "compose",
      kind: "compose-service",
      name: "keystone",
      placement: "poci",
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      privileged: true,
      capabilities: ["NET_ADMIN", "SYS_ADMIN"],
      hostPaths: ["/etc/keystone", "./data", "~/logs"],
      nodePinned: false,
      graceSeconds: 90,
      ...NO_KUBERNETES,
      hostname: "ks1",
      restartPolicy: "always",
      image: "registry.example.org/keystone:2024.1",
      envConfig: true,
      configFiles: true,
      logDriver: "journald",
      healthcheck: true,
    });
  });

  it("locates the service at its key and each fact at the value it comes from", () => {
    const [keystone] = extract(COMPOSE).workloads as [WorkloadFacts];
    expect(where(keystone)).toEqual({
      deployment: "2:3",
      "deployment.kind": "2:3",
      "deployment.placement": "2:3",
      "deployment.hostNetwork": "4:19",
      "deployment.hostPID": "5:10",
      "deployment.hostIPC": "6:10",
      "deployment.privileged": "7:17",
      "deployment.capabilities": "8:14",
      "deployment.hostPaths": "10:7",
      "deployment.configFiles": "10:7",
      "deployment.graceSeconds": "19:24",
      "deployment.restartPolicy": "20:14",
      "deployment.healthcheck": "21:18",
      "deployment.logDriver": "22:24",
      "deployment.hostname": "23:15",
      "deployment.envConfig": "24:18",
    });
  });

  it("reads an entry outside the catalog as generic, says why it is unrecognized, and uses compose's 10 s grace", () => {
    const { generic, unrecognized } = extract(COMPOSE);
    expect(unrecognized).toEqual([
      {
        file: "deploy/compose.yaml",
        line: 25,
        kind: "compose-service",
        name: "web",
        reason: 'no service in the catalog matches its key, container name or image "nginx"',
      },
      {
        file: "deploy/compose.yaml",
        line: 27,
        kind: "compose-service",
        name: "worker",
        reason: "no service in the catalog matches its key, container name",
      },
    ]);
    const [web, worker] = generic as [WorkloadFacts, WorkloadFacts];
    expect(web).toMatchObject({ service: "web", generic: true, isJob: false });
    expect(web.deployment).toEqual({
      source: "compose",
      kind: "compose-service",
      name: "web",
      placement: "poci",
      hostNetwork: false,
      hostPID: false,
      hostIPC: false,
      privileged: false,
      capabilities: [],
      hostPaths: [],
      nodePinned: false,
      graceSeconds: 10,
      ...NO_KUBERNETES,
      image: "nginx",
      envConfig: false,
      configFiles: false,
      healthcheck: false,
    });
    expect(where(web)["deployment.graceSeconds"]).toBe("25:3");
    expect(worker.deployment).not.toHaveProperty("image");
  });

  it("reads a compose v1 file: top-level services, net: host, log_driver, a disabled health check, an env_file", () => {
    const text = `nova_compute:
  image: kolla/centos-binary-nova-compute:wallaby
  net: host
  log_driver: syslog
  healthcheck: { disable: true }
  env_file: nova.env
  stop_grace_period: "{{ grace }}"
`;
    expect(detectContainerFile(load(text))).toBe("compose");
    const [compute] = extract(text).workloads as [WorkloadFacts];
    expect(compute.service).toBe("nova-compute");
    expect(compute.deployment).toMatchObject({
      hostNetwork: true,
      logDriver: "syslog",
      healthcheck: false,
      envConfig: true,
      graceTemplated: true,
    });
    expect(compute.deployment).not.toHaveProperty("graceSeconds");
    expect(where(compute)).toMatchObject({
      deployment: "1:1",
      "deployment.hostNetwork": "3:8",
      "deployment.logDriver": "4:15",
      "deployment.healthcheck": "5:16",
      "deployment.envConfig": "6:13",
      "deployment.graceSeconds": "7:23",
    });
  });
});

describe("extractComposeFacts on a swarm stack", () => {
  it("reads replicas, placement constraints, the restart policy and configs from deploy:", () => {
    const text = `version: "3.8"
services:
  rabbitmq:
    image: rabbitmq:3.12
    deploy:
      replicas: 3
      placement: { constraints: ["node.role == manager"] }
      restart_policy: { condition: on-failure }
    configs: [rabbitmq_conf]
    restart: always
`;
    expect(detectContainerFile(load(text))).toBe("swarm");
    const { workloads, unrecognized } = extract(text, "stack.yml");
    expect(unrecognized).toEqual([]);
    const [rabbit] = workloads as [WorkloadFacts];
    expect(rabbit.deployment).toMatchObject({
      source: "compose",
      kind: "swarm-service",
      name: "rabbitmq",
      placement: "swarm",
      replicas: 3,
      nodePinned: true,
      restartPolicy: "on-failure",
      configFiles: true,
      envConfig: false,
    });
    expect(where(rabbit)).toMatchObject({
      deployment: "3:3",
      "deployment.replicas": "6:17",
      "deployment.nodePinned": "7:33",
      "deployment.restartPolicy": "8:23",
    });
  });
});

describe("extractComposeFacts on kolla-ansible role defaults", () => {
  const text = `nova_services:
  nova-api:
    container_name: nova_api
    image: "{{ nova_api_image_full }}"
    privileged: false
    ipc_mode: host
    pid_mode: host
    volumes: "{{ nova_api_default_volumes + nova_api_extra_volumes + lookup('vars', 'x') }}"
    healthcheck: "{{ nova_api_healthcheck }}"
    environment: {}
  nova-compute:
    container_name: "{{ compute_name }}"
    image: "{{ nova_compute_image_full }}"
    volumes:
      - "{{ node_config_directory }}/nova-compute/:/var/lib/kolla/config_files/:ro"
nova_api_default_volumes:
  - "{{ node_config_directory }}/nova-api/:{{ container_config_directory }}/:ro"
  - "/etc/localtime:/etc/localtime:ro"
nova_api_extra_volumes:
  - "kolla_logs:/var/log/kolla/"
`;

  it("reads each service on the host network, with volumes expanded from the lists the file defines", () => {
    expect(detectContainerFile(load(text))).toBe("kolla-ansible");
    const { workloads, unrecognized } = extract(text, "ansible/roles/nova/defaults/main.yml");
    expect(unrecognized).toEqual([]);
    const [api, compute] = workloads as [WorkloadFacts, WorkloadFacts];
    expect(api.service).toBe("nova-api");
    expect(api.deployment).toEqual({
      source: "kolla-ansible",
      kind: "kolla-service",
      name: "nova_api",
      placement: "poci",
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      privileged: false,
      hostPaths: ["/etc/localtime"],
      nodePinned: false,
      ...NO_KUBERNETES,
      image: "{{ nova_api_image_full }}",
      envConfig: true,
      configFiles: true,
      healthcheck: true,
    });
    expect(where(api)).toMatchObject({
      deployment: "2:3",
      "deployment.hostNetwork": "2:3",
      "deployment.privileged": "5:17",
      "deployment.hostIPC": "6:15",
      "deployment.hostPID": "7:15",
      "deployment.hostPaths": "8:15",
      "deployment.healthcheck": "9:19",
    });
    expect(compute.service).toBe("nova-compute");
    expect(compute.deployment).toMatchObject({
      name: "nova-compute",
      hostPaths: [],
      configFiles: true,
      envConfig: false,
      healthcheck: false,
    });
  });

  it("leaves volumes it cannot expand unresolved instead of evaluating them", () => {
    const odd = `keystone_services:
  keystone:
    container_name: keystone
    volumes: "{{ keystone_volumes | default([]) }}"
  keystone-ssh:
    image: keystone-ssh
    volumes: 42
keystone_volumes:
  - "/etc/keystone:/etc/keystone"
`;
    const { workloads, generic } = extract(odd);
    const [keystone] = workloads as [WorkloadFacts];
    const [ssh] = generic as [WorkloadFacts];
    expect(ssh.service).toBe("keystone-ssh");
    expect(keystone.deployment).toMatchObject({ hostPaths: [], configFiles: false });
    expect(ssh.deployment).toMatchObject({ hostPaths: [], configFiles: false });
  });
});

describe("detectContainerFile", () => {
  it("needs a mapping whose entries are all services, or kolla _services entries with a container", () => {
    expect(detectContainerFile("text")).toBeUndefined();
    expect(detectContainerFile({ services: {} })).toBeUndefined();
    expect(detectContainerFile({ services: { a: 1 } })).toBeUndefined();
    expect(detectContainerFile({ a: { image: "x" }, b: { foo: 1 } })).toBeUndefined();
    expect(detectContainerFile({})).toBeUndefined();
    expect(detectContainerFile({ x_services: { a: { foo: 1 } } })).toBeUndefined();
    expect(detectContainerFile({ x_service: { a: { image: "i" } } })).toBeUndefined();
    expect(detectContainerFile({ x_services: { a: { image: "i" } } })).toBe("kolla-ansible");
    expect(detectContainerFile({ x_services: { a: { container_name: "a" } } })).toBe("kolla-ansible");
    expect(detectContainerFile({ a: { build: "." }, b: { environment: [] } })).toBe("compose");
    expect(detectContainerFile({ services: { a: { image: "x" }, b: { deploy: {} } } })).toBe("swarm");
  });
});

describe("parseDuration", () => {
  it("reads compose durations in seconds, and nothing that is not one whole duration", () => {
    expect(parseDuration("90")).toBe(90);
    expect(parseDuration("1.5")).toBe(1.5);
    expect(parseDuration(" 10s ")).toBe(10);
    expect(parseDuration("1m30s")).toBe(90);
    expect(parseDuration("1h")).toBe(3600);
    expect(parseDuration("500ms")).toBe(0.5);
    expect(parseDuration("2us")).toBeCloseTo(0.000002, 12);
    expect(parseDuration("1.5m")).toBe(90);
    for (const text of ["", "s", "abc", "10x", "1m 30s", "x10s", "-5s"]) expect(parseDuration(text), text).toBeUndefined();
  });
});
