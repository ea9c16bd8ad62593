// Writes a deterministic synthetic OpenStack estate: Kubernetes manifests (many workloads per file)
// and oslo.config files, as openstack-helm would render them. Same size, same bytes, every time.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Workload templates: openstack-helm application/component, the kind, and whether it is host-bound. */
const SERVICES = [
  { application: "keystone", component: "api", kind: "Deployment", grace: 30 },
  { application: "glance", component: "api", kind: "Deployment", grace: 30 },
  { application: "placement", component: "api", kind: "Deployment", grace: 30 },
  { application: "nova", component: "os-api", image: "nova-api", kind: "Deployment", grace: 180 },
  { application: "nova", component: "conductor", image: "nova-conductor", kind: "Deployment", grace: 180 },
  { application: "nova", component: "scheduler", image: "nova-scheduler", kind: "Deployment", grace: 180 },
  { application: "nova", component: "compute", image: "nova-compute", kind: "DaemonSet", grace: 180, host: true },
  { application: "neutron", component: "server", image: "neutron-server", kind: "Deployment", grace: 30 },
  { application: "neutron", component: "ovs-agent", image: "neutron-openvswitch-agent", kind: "DaemonSet", grace: 30, host: true },
  { application: "neutron", component: "l3-agent", image: "neutron-l3-agent", kind: "DaemonSet", grace: 30, host: true },
  { application: "cinder", component: "api", image: "cinder-api", kind: "Deployment", grace: 30 },
  { application: "cinder", component: "volume", image: "cinder-volume", kind: "Deployment", grace: 30, host: true },
  {
    application: "openvswitch",
    component: "openvswitch-vswitchd",
    image: "openvswitch-vswitchd",
    kind: "DaemonSet",
    grace: 30,
    host: true,
  },
  { application: "rabbitmq", component: "server", image: "rabbitmq", kind: "StatefulSet", grace: 30 },
  { application: "mariadb", component: "server", image: "mariadb", kind: "StatefulSet", grace: 30 },
  { application: "memcached", component: "server", image: "memcached", kind: "Deployment", grace: 30 },
];

const PER_FILE = 25;
const CONFIGS_PER_WORKLOADS = 10;

function workload(i) {
  const s = SERVICES[i % SERVICES.length];
  const name = `${s.application}-${s.component}-${i}`;
  const lines = [
    "---",
    "apiVersion: apps/v1",
    `kind: ${s.kind}`,
    "metadata:",
    `  name: ${name}`,
    `  namespace: region-${Math.floor(i / 500)}`,
    "  labels:",
    `    application: ${s.application}`,
    `    component: ${s.component}`,
    "spec:",
  ];
  if (s.kind !== "DaemonSet") lines.push(`  replicas: ${1 + (i % 3)}`);
  lines.push(
    "  selector:",
    "    matchLabels:",
    `      application: ${s.application}`,
    `      component: ${s.component}`,
    "  template:",
    "    metadata:",
    "      labels:",
    `        application: ${s.application}`,
    `        component: ${s.component}`,
    "    spec:",
    `      terminationGracePeriodSeconds: ${s.grace}`,
  );
  if (s.host)
    lines.push("      hostNetwork: true", "      hostPID: true", "      nodeSelector:", "        openstack-compute-node: enabled");
  lines.push(
    "      containers:",
    `        - name: ${s.component}`,
    `          image: quay.io/openstack.kolla/${s.image ?? `${s.application}-${s.component}`}:2026.1`,
    `          command: ["/tmp/${s.application}-${s.component}.sh"]`,
    "          readinessProbe:",
    "            tcpSocket: {port: 8080}",
    "            initialDelaySeconds: 15",
    "            periodSeconds: 10",
    "          securityContext:",
    `            privileged: ${s.host ? "true" : "false"}`,
    "          volumeMounts:",
    "            - {name: etc, mountPath: /etc/" + s.application + "}",
    "      volumes:",
    "        - name: etc",
    "          configMap: {name: " + s.application + "-etc}",
  );
  if (s.host) lines.push("        - name: run", "          hostPath: {path: /run}");
  return lines.join("\n");
}

function osloConfig(i) {
  const host = `10.${(i >> 8) & 255}.${i & 255}.11`;
  return [
    "[DEFAULT]",
    `transport_url = rabbit://nova:secret@${host}:5672,nova:secret@rabbitmq-${i}.openstack.svc:5672/`,
    "graceful_shutdown_timeout = 180",
    "use_stderr = true",
    `my_ip = ${host}`,
    "",
    "[database]",
    `connection = mysql+pymysql://nova:secret@mariadb-${i}.openstack.svc/nova`,
    "",
    "[cache]",
    `memcache_servers = ${host}:11211,memcached-${i}:11211`,
    "",
    "[oslo_messaging_rabbit]",
    "amqp_durable_queues = true",
    "rabbit_quorum_queue = true",
    "",
  ].join("\n");
}

/** Writes an estate of `count` workloads under `dir`, returning the manifest and config file lists. */
export function generateEstate(dir, count) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "manifests"), { recursive: true });
  mkdirSync(join(dir, "config"), { recursive: true });
  const manifests = [];
  const configs = [];
  for (let start = 0; start < count; start += PER_FILE) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + PER_FILE); i++) docs.push(workload(i));
    const file = join(dir, "manifests", `estate-${String(start / PER_FILE).padStart(5, "0")}.yaml`);
    writeFileSync(file, `${docs.join("\n")}\n`);
    manifests.push(file);
  }
  for (let i = 0; i < Math.ceil(count / CONFIGS_PER_WORKLOADS); i++) {
    const file = join(dir, "config", `node-${String(i).padStart(5, "0")}`, "nova.conf");
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, osloConfig(i));
    configs.push(file);
  }
  return { manifests, configs };
}
