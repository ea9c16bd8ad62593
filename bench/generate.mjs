// Writes a deterministic synthetic OpenStack estate shaped like `helm template` output of the
// openstack-helm charts: one file per chart and region, each workload (Deployment, StatefulSet,
// DaemonSet) beside its ServiceAccount, Role and RoleBinding, a Service and PodDisruptionBudget where
// the charts have them, and per chart the bin and etc ConfigMaps and the bootstrap Jobs. Files are
// written one chart at a time, so memory stays flat at any size. Same count, same bytes, every time.
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One region: the charts of an openstack-helm deployment and their long-running workloads. The
 * labels (`application`, `component`), images and commands follow the charts' conventions.
 */
const CHARTS = [
  { chart: "keystone", port: 5000, jobs: ["db-sync", "bootstrap", "fernet-setup"], workloads: [{ component: "api", api: true }] },
  { chart: "glance", port: 9292, jobs: ["db-sync", "storage-init"], workloads: [{ component: "api", api: true }] },
  { chart: "placement", port: 8778, jobs: ["db-sync"], workloads: [{ component: "api", api: true }] },
  {
    chart: "nova",
    port: 8774,
    jobs: ["db-sync", "cell-setup"],
    workloads: [
      { component: "os-api", image: "nova-api", api: true },
      { component: "metadata", image: "nova-api", api: true, port: 8775 },
      { component: "conductor" },
      { component: "scheduler" },
      { component: "novncproxy", api: true, port: 6080 },
      { component: "compute", kind: "DaemonSet", host: true, privileged: true, hostPaths: ["/var/lib/nova", "/var/lib/libvirt", "/run"] },
    ],
  },
  {
    chart: "neutron",
    port: 9696,
    jobs: ["db-sync"],
    workloads: [
      { component: "server", api: true },
      { component: "ovs-agent", image: "neutron-openvswitch-agent", kind: "DaemonSet", host: true, privileged: true, hostPaths: ["/run"] },
      { component: "l3-agent", kind: "DaemonSet", host: true, privileged: true, hostPaths: ["/run", "/var/lib/neutron"] },
      { component: "dhcp-agent", kind: "DaemonSet", host: true, privileged: true, hostPaths: ["/run"] },
      { component: "metadata-agent", kind: "DaemonSet", host: true, hostPaths: ["/run"] },
    ],
  },
  {
    chart: "cinder",
    port: 8776,
    jobs: ["db-sync"],
    workloads: [
      { component: "api", api: true },
      { component: "scheduler" },
      { component: "volume", privileged: true, hostPaths: ["/dev", "/etc/iscsi", "/run/lock"] },
      { component: "backup", privileged: true, hostPaths: ["/dev"] },
    ],
  },
  { chart: "heat", port: 8004, jobs: ["db-sync"], workloads: [{ component: "api", api: true }, { component: "engine" }] },
  { chart: "rabbitmq", port: 5672, jobs: [], workloads: [{ component: "server", image: "rabbitmq", kind: "StatefulSet" }] },
  { chart: "mariadb", port: 3306, jobs: [], workloads: [{ component: "server", image: "mariadb", kind: "StatefulSet" }] },
  { chart: "memcached", port: 11211, jobs: [], workloads: [{ component: "server", image: "memcached" }] },
  {
    chart: "openvswitch",
    port: 6640,
    jobs: [],
    workloads: [
      { component: "server", image: "openvswitch", kind: "DaemonSet", host: true, privileged: true, hostPaths: ["/run/openvswitch"] },
    ],
  },
  {
    chart: "libvirt",
    port: 16509,
    jobs: [],
    workloads: [{ component: "libvirt", kind: "DaemonSet", host: true, privileged: true, hostPaths: ["/var/lib/libvirt", "/run", "/dev"] }],
  },
];

/** Workloads in one region (one full deployment of every chart above). */
export const WORKLOADS_PER_REGION = CHARTS.reduce((n, c) => n + c.workloads.length, 0);

/** The kinds counted as workloads: the long-running controllers. */
export const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet"];

const ENTRYPOINT_IMAGE = "quay.io/airshipit/kubernetes-entrypoint:v1.0.0";
const KEYSTONE_ENV = [
  "OS_AUTH_URL",
  "OS_REGION_NAME",
  "OS_INTERFACE",
  "OS_PROJECT_DOMAIN_NAME",
  "OS_PROJECT_NAME",
  "OS_USER_DOMAIN_NAME",
  "OS_USERNAME",
  "OS_PASSWORD",
  "OS_DEFAULT_DOMAIN",
  "OS_CACERT",
];
const EXTRA_MOUNTS = ["logging.conf", "policy.yaml", "api-paste.ini", "rootwrap.conf", "api_audit_map.conf", "sudoers", "filters"];

/**
 * Writes an estate of `count` workloads under `dir` (removed first). With `singleDir`, the same
 * documents are also written there one per file, for tools that read one document per file.
 * Returns how many files, documents, workloads and bytes were written.
 */
export function generateEstate(dir, count, options = {}) {
  const stats = { files: 0, documents: 0, workloads: 0, bytes: 0, singleFiles: 0, singleBytes: 0, workloadFiles: [] };
  for (const target of [dir, options.singleDir]) if (target) rmSync(target, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let index = 0;
  for (let region = 0; index < count; region++) {
    const regionName = `region-${String(region).padStart(4, "0")}`;
    mkdirSync(join(dir, regionName), { recursive: true });
    if (options.singleDir) mkdirSync(join(options.singleDir, regionName), { recursive: true });
    for (const chart of CHARTS) {
      if (index >= count) break;
      const take = Math.min(chart.workloads.length, count - index);
      const documents = buildChartDocuments(chart, chart.workloads.slice(0, take), region, index);
      index += take;
      writeChart(dir, options.singleDir, regionName, chart.chart, documents, stats);
    }
  }
  return stats;
}

function writeChart(dir, singleDir, regionName, chartName, documents, stats) {
  const bodies = documents.map((d) => `${renderYaml(d.value, 0).join("\n")}\n`);
  const text = documents.map((d, i) => `---\n# Source: ${chartName}/templates/${d.template}\n${bodies[i]}`).join("");
  writeFileSync(join(dir, regionName, `${chartName}.yaml`), text);
  stats.files++;
  stats.documents += documents.length;
  stats.bytes += Buffer.byteLength(text);
  for (const [i, d] of documents.entries()) {
    if (WORKLOAD_KINDS.includes(d.value.kind)) stats.workloads++;
    if (!singleDir) continue;
    const name = `${chartName}-${String(i).padStart(3, "0")}-${d.value.kind.toLowerCase()}.yaml`;
    const single = bodies[i];
    writeFileSync(join(singleDir, regionName, name), single);
    stats.singleFiles++;
    stats.singleBytes += Buffer.byteLength(single);
    if (WORKLOAD_KINDS.includes(d.value.kind)) stats.workloadFiles.push(join(regionName, name));
  }
}

/**
 * The namespace of every region: openstack-helm installs each chart with `--namespace=openstack`
 * (doc/source/install/openstack.rst at openstack/openstack-helm de819fd8), so the regions' files hold
 * copies of the same objects, one cluster per region folder.
 */
const NAMESPACE = "openstack";

/** Every document of one chart in one region: per-chart companions, then each workload with its own. */
function buildChartDocuments(chart, workloads, region, firstIndex) {
  const namespace = NAMESPACE;
  const docs = [
    { template: "configmap-bin.yaml", value: buildBinConfigMap(chart, namespace) },
    { template: "configmap-etc.yaml", value: buildEtcConfigMap(chart, namespace, region) },
  ];
  for (const job of chart.jobs) {
    const name = `${chart.chart}-${job}`;
    docs.push({ template: `job-${job}.yaml`, value: buildServiceAccount(name, namespace) });
    docs.push({ template: `job-${job}.yaml`, value: buildJob(chart, job, namespace) });
  }
  for (const [offset, w] of workloads.entries()) {
    const i = firstIndex + offset;
    const name = `${chart.chart}-${w.component}`;
    const template = `${(w.kind ?? "Deployment").toLowerCase()}-${w.component}.yaml`;
    docs.push({ template, value: buildServiceAccount(name, namespace) });
    docs.push({ template, value: buildRole(name, namespace) });
    docs.push({ template, value: buildRoleBinding(name, namespace) });
    docs.push({ template, value: buildWorkload(chart, w, namespace, i) });
    if (w.api || w.kind === "StatefulSet") docs.push({ template: `service-${w.component}.yaml`, value: buildService(chart, w, namespace) });
    if (w.api || w.kind === "StatefulSet") docs.push({ template: `pdb-${w.component}.yaml`, value: buildPdb(chart, w, namespace) });
  }
  return docs;
}

function buildLabels(chart, component) {
  return { release_group: chart.chart, application: chart.chart, component };
}

function buildWorkload(chart, w, namespace, i) {
  const kind = w.kind ?? "Deployment";
  const name = `${chart.chart}-${w.component}`;
  const labels = buildLabels(chart, w.component);
  const image = `docker.io/openstackhelm/${w.image ?? chart.chart}:2024.1-ubuntu_jammy`;
  const port = w.port ?? chart.port;
  // Sizes vary with the index so workloads span the 100–450 YAML values of real chart output.
  // Infrastructure charts (no bootstrap jobs) talk to no Keystone, so their pods are the small ones.
  const keystoneEnv = chart.jobs.length === 0 ? [] : KEYSTONE_ENV.slice(0, (i * 7) % (KEYSTONE_ENV.length + 1));
  const extraMounts = EXTRA_MOUNTS.slice(0, (i * 3) % (EXTRA_MOUNTS.length + 1));
  const confInit = chart.jobs.length > 0 && i % 3 === 1 ? [buildConfInit(chart)] : [];
  // Half the infrastructure pods are rendered with dependencies and anti-affinity turned off.
  const bare = chart.jobs.length === 0 && i % 2 === 0;
  const hostPaths = w.hostPaths ?? [];
  const podSpec = {
    serviceAccountName: name,
    securityContext: { runAsUser: w.privileged ? 0 : 42424 },
    ...(bare ? {} : { affinity: buildAntiAffinity(labels) }),
    nodeSelector: w.host ? { "openstack-compute-node": "enabled" } : { "openstack-control-plane": "enabled" },
    ...(w.host ? { hostNetwork: true, hostPID: true, dnsPolicy: "ClusterFirstWithHostNet" } : {}),
    terminationGracePeriodSeconds: w.host ? 120 : 30 + (i % 4) * 30,
    initContainers: bare ? [] : [buildEntrypointInit(chart, kind, namespace), ...confInit],
    containers: [
      {
        name: `${chart.chart}-${w.component}`,
        image,
        imagePullPolicy: "IfNotPresent",
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "2000m", memory: "1024Mi" } },
        securityContext: w.privileged
          ? { privileged: true, readOnlyRootFilesystem: true }
          : { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsUser: 42424 },
        command: [`/tmp/${chart.chart}-${w.component}.sh`, "start"],
        ...(w.api
          ? {
              ports: [{ name: `${w.component}-api`, containerPort: port }],
              lifecycle: { preStop: { exec: { command: [`/tmp/${chart.chart}-${w.component}.sh`, "stop"] } } },
              readinessProbe: { httpGet: { scheme: "HTTP", path: "/", port }, periodSeconds: 15, timeoutSeconds: 15 },
              livenessProbe: {
                httpGet: { scheme: "HTTP", path: "/", port },
                initialDelaySeconds: 5,
                periodSeconds: 60,
                timeoutSeconds: 15,
              },
            }
          : {
              readinessProbe: buildExecProbe(chart, w, 80),
              livenessProbe: buildExecProbe(chart, w, 120),
            }),
        env: keystoneEnv.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: `${chart.chart}-keystone-admin`, key } } })),
        volumeMounts: [
          { name: "pod-tmp", mountPath: "/tmp" },
          {
            name: `${chart.chart}-bin`,
            mountPath: `/tmp/${chart.chart}-${w.component}.sh`,
            subPath: `${chart.chart}-${w.component}.sh`,
            readOnly: true,
          },
          {
            name: `${chart.chart}-etc`,
            mountPath: `/etc/${chart.chart}/${chart.chart}.conf`,
            subPath: `${chart.chart}.conf`,
            readOnly: true,
          },
          ...extraMounts.map((file) => ({
            name: `${chart.chart}-etc`,
            mountPath: `/etc/${chart.chart}/${file}`,
            subPath: file,
            readOnly: true,
          })),
          ...hostPaths.map((path, k) => ({ name: `host-${k}`, mountPath: path, mountPropagation: "HostToContainer" })),
        ],
      },
    ],
    volumes: [
      { name: "pod-tmp", emptyDir: {} },
      ...(confInit.length > 0 ? [{ name: "pod-shared", emptyDir: {} }] : []),
      { name: `${chart.chart}-bin`, configMap: { name: `${chart.chart}-bin`, defaultMode: 365 } },
      { name: `${chart.chart}-etc`, configMap: { name: `${chart.chart}-etc`, defaultMode: 292 } },
      ...hostPaths.map((path, k) => ({ name: `host-${k}`, hostPath: { path } })),
    ],
  };
  const hashes = {
    "openstackhelm.openstack.org/release_uuid": "",
    "configmap-bin-hash": hashText(`${namespace}/${chart.chart}-bin`),
    "configmap-etc-hash": hashText(`${namespace}/${chart.chart}-etc`),
  };
  const spec = {
    ...(kind === "DaemonSet" ? {} : { replicas: kind === "StatefulSet" ? 3 : 1 + (i % 3) }),
    ...(kind === "StatefulSet" ? { serviceName: name, podManagementPolicy: "Parallel" } : {}),
    selector: { matchLabels: labels },
    ...(kind === "Deployment"
      ? { revisionHistoryLimit: 3, strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 3 } } }
      : { updateStrategy: { type: "RollingUpdate" } }),
    template: { metadata: { labels, annotations: hashes }, spec: podSpec },
  };
  return {
    apiVersion: "apps/v1",
    kind,
    metadata: { name, namespace, annotations: { "openstackhelm.openstack.org/release_uuid": "" }, labels },
    spec,
  };
}

function buildExecProbe(chart, w, delay) {
  return {
    exec: {
      command: [
        "python3",
        `/tmp/health-probe.py`,
        "--config-file",
        `/etc/${chart.chart}/${chart.chart}.conf`,
        "--service-queue-name",
        w.component,
      ],
    },
    initialDelaySeconds: delay,
    periodSeconds: 90,
    timeoutSeconds: 70,
  };
}

function buildAntiAffinity(labels) {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          podAffinityTerm: {
            labelSelector: {
              matchExpressions: Object.entries(labels).map(([key, value]) => ({ key, operator: "In", values: [value] })),
            },
            topologyKey: "kubernetes.io/hostname",
          },
          weight: 10,
        },
      ],
    },
  };
}

function buildEntrypointInit(chart, kind, namespace) {
  const field = (name, path) => ({ name, valueFrom: { fieldRef: { apiVersion: "v1", fieldPath: path } } });
  return {
    name: "init",
    image: ENTRYPOINT_IMAGE,
    imagePullPolicy: "IfNotPresent",
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsUser: 65534 },
    env: [
      field("POD_NAME", "metadata.name"),
      field("NAMESPACE", "metadata.namespace"),
      { name: "INTERFACE_NAME", value: "eth0" },
      { name: "PATH", value: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/" },
      { name: "DEPENDENCY_SERVICE", value: kind === "StatefulSet" ? "" : `${namespace}:keystone-api,${namespace}:rabbitmq` },
      { name: "DEPENDENCY_JOBS", value: chart.jobs.map((j) => `${chart.chart}-${j}`).join(",") },
      { name: "DEPENDENCY_DAEMONSET", value: "" },
      { name: "DEPENDENCY_CONTAINER", value: "" },
      { name: "DEPENDENCY_POD_JSON", value: "" },
      { name: "DEPENDENCY_CUSTOM_RESOURCE", value: "" },
    ],
    command: ["kubernetes-entrypoint"],
    volumeMounts: [],
  };
}

/** The init container some charts use to fetch service credentials before the service starts. */
function buildConfInit(chart) {
  const secret = (name, key) => ({
    name,
    valueFrom: {
      secretKeyRef: { name: `${chart.chart}-keystone-${key.startsWith("SERVICE_") ? "user" : "admin"}`, key: key.replace(/^SERVICE_/, "") },
    },
  });
  return {
    name: `init-${chart.chart}-conf`,
    image: `docker.io/openstackhelm/heat:2024.1-ubuntu_jammy`,
    imagePullPolicy: "IfNotPresent",
    securityContext: { readOnlyRootFilesystem: true, runAsUser: 0 },
    command: ["/tmp/retrieve-internal-tenant.sh"],
    env: [...KEYSTONE_ENV, ...KEYSTONE_ENV.slice(1, 8).map((k) => `SERVICE_${k}`)].map((k) => secret(k, k)),
    volumeMounts: [
      { name: "pod-tmp", mountPath: "/tmp" },
      { name: "pod-shared", mountPath: "/tmp/pod-shared" },
    ],
  };
}

function buildServiceAccount(name, namespace) {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace } };
}

function buildRole(name, namespace) {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: { name: `${namespace}-${name}`, namespace },
    rules: [
      { apiGroups: ["", "extensions", "batch", "apps"], verbs: ["get", "list"], resources: ["services", "endpoints", "jobs", "pods"] },
    ],
  };
}

function buildRoleBinding(name, namespace) {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name, namespace },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${namespace}-${name}` },
    subjects: [{ kind: "ServiceAccount", name, namespace }],
  };
}

function buildService(chart, w, namespace) {
  const port = w.port ?? chart.port;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: `${chart.chart}-${w.component}`, namespace },
    spec: {
      ...(w.kind === "StatefulSet" ? { clusterIP: "None" } : {}),
      ports: [{ name: "api", port, protocol: "TCP" }],
      selector: buildLabels(chart, w.component),
    },
  };
}

function buildPdb(chart, w, namespace) {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: `${chart.chart}-${w.component}`, namespace },
    spec: { minAvailable: w.kind === "StatefulSet" ? 2 : 0, selector: { matchLabels: buildLabels(chart, w.component) } },
  };
}

function buildBinConfigMap(chart, namespace) {
  const data = {};
  for (const w of chart.workloads) {
    data[`${chart.chart}-${w.component}.sh`] =
      `#!/bin/bash\nset -ex\nCOMMAND="\${@:-start}"\n\nfunction start () {\n  exec ${chart.chart}-${w.component} \\\n    --config-file /etc/${chart.chart}/${chart.chart}.conf\n}\n\nfunction stop () {\n  kill -TERM 1\n}\n\n$COMMAND\n`;
  }
  data["db-sync.sh"] = `#!/bin/bash\nset -ex\n${chart.chart}-manage db sync\n`;
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${chart.chart}-bin`, namespace }, data };
}

function buildEtcConfigMap(chart, namespace, region) {
  const host = `10.${(region >> 8) & 255}.${region & 255}.11`;
  const conf = [
    "[DEFAULT]",
    "use_stderr = true",
    `transport_url = rabbit://${chart.chart}:password@rabbitmq-rabbitmq-0.rabbitmq.${namespace}.svc.cluster.local:5672/${chart.chart}`,
    "graceful_shutdown_timeout = 60",
    `my_ip = ${host}`,
    "",
    "[database]",
    `connection = mysql+pymysql://${chart.chart}:password@mariadb.${namespace}.svc.cluster.local:3306/${chart.chart}`,
    "",
    "[keystone_authtoken]",
    `memcached_servers = memcached.${namespace}.svc.cluster.local:11211`,
    `auth_url = http://keystone-api.${namespace}.svc.cluster.local:5000/v3`,
    "",
    "[oslo_messaging_rabbit]",
    "rabbit_quorum_queue = true",
    "",
  ].join("\n");
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `${chart.chart}-etc`, namespace },
    data: { [`${chart.chart}.conf`]: conf, "logging.conf": "[loggers]\nkeys = root\n\n[logger_root]\nlevel = INFO\nhandlers = stdout\n" },
  };
}

function buildJob(chart, job, namespace) {
  const name = `${chart.chart}-${job}`;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace, labels: buildLabels(chart, job) },
    spec: {
      backoffLimit: 1000,
      template: {
        metadata: { labels: buildLabels(chart, job) },
        spec: {
          serviceAccountName: name,
          restartPolicy: "OnFailure",
          nodeSelector: { "openstack-control-plane": "enabled" },
          initContainers: [buildEntrypointInit(chart, "Job", namespace)],
          containers: [
            {
              name,
              image: `docker.io/openstackhelm/${chart.chart}:2024.1-ubuntu_jammy`,
              command: [`/tmp/${job}.sh`],
              volumeMounts: [
                { name: "pod-tmp", mountPath: "/tmp" },
                { name: `${chart.chart}-bin`, mountPath: `/tmp/${job}.sh`, subPath: `${job}.sh`, readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: "pod-tmp", emptyDir: {} },
            { name: `${chart.chart}-bin`, configMap: { name: `${chart.chart}-bin`, defaultMode: 365 } },
          ],
        },
      },
    },
  };
}

function hashText(text) {
  return createHash("sha256").update(text).digest("hex");
}

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./:@,-]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

/** A scalar as YAML: plain when unambiguous, else double-quoted (JSON strings are valid YAML). */
function renderScalar(value) {
  if (value === null) return "null";
  if (typeof value !== "string") return String(value);
  return PLAIN.test(value) && !RESERVED.test(value) ? value : JSON.stringify(value);
}

/** Block-style YAML lines for a JSON-like value, indented by `indent` spaces. */
export function renderYaml(value, indent) {
  const pad = " ".repeat(indent);
  const lines = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isMap(item) && Object.keys(item).length > 0) {
        const inner = renderYaml(item, indent + 2);
        lines.push(`${pad}- ${inner[0].slice(indent + 2)}`, ...inner.slice(1));
      } else {
        lines.push(`${pad}- ${renderInline(item)}`);
      }
    }
    return lines;
  }
  for (const [key, item] of Object.entries(value)) {
    const k = renderScalar(key);
    if (typeof item === "string" && item.includes("\n")) {
      lines.push(`${pad}${k}: |${item.endsWith("\n") ? "" : "-"}`);
      for (const line of item.replace(/\n$/, "").split("\n")) lines.push(line === "" ? "" : `${pad}  ${line}`);
    } else if ((isMap(item) || Array.isArray(item)) && countEntries(item) > 0) {
      lines.push(`${pad}${k}:`, ...renderYaml(item, indent + 2));
    } else {
      lines.push(`${pad}${k}: ${renderInline(item)}`);
    }
  }
  return lines;
}

function renderInline(value) {
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[${value.map(renderInline).join(", ")}]`;
  if (isMap(value))
    return countEntries(value) === 0 ? "{}" : `{${Object.entries(value).map(([k, v]) => `${renderScalar(k)}: ${renderInline(v)}`)}}`;
  return renderScalar(value);
}

function isMap(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function countEntries(value) {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}
