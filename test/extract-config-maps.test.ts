import { describe, expect, it } from "vitest";
import { extractArtifacts } from "../src/extract/index.js";
import { serviceIndex } from "./helpers/service-index.js";

const PROJECTS: Record<string, string[]> = {
  nova: ["nova-api", "nova-compute", "nova-conductor"],
  keystone: ["keystone-api"],
};
const INDEX = serviceIndex(PROJECTS, { keystone: "keystone-api" });

/** A workload of `kind` named `name` in `namespace`, mounting the given ConfigMaps and Secrets. */
function workload(kind: string, name: string, namespace: string, mounts: { configMap?: string; secret?: string }[] = []): string {
  const volumes = mounts.map((m, i) =>
    m.configMap
      ? `        - name: v${i}\n          configMap: { name: ${m.configMap} }`
      : `        - name: v${i}\n          secret: { secretName: ${m.secret} }`,
  );
  const spec =
    kind === "Job"
      ? `spec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{ name: ${name}, image: "${name}:1" }]\n`
      : `spec:\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec:\n      containers: [{ name: ${name}, image: "${name}:1" }]\n`;
  const apiVersion = kind === "Job" ? "batch/v1" : "apps/v1";
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${spec}${
    volumes.length > 0 ? `      volumes:\n${volumes.join("\n")}\n` : ""
  }`;
}

const NOVA_CONF = "[DEFAULT]\nhost = compute-a\nmy_ip = 10.30.0.21\n";

function configMap(name: string, namespace: string, data: Record<string, string>, field = "data", kind = "ConfigMap"): string {
  const entries = Object.entries(data).map(([key, text]) => `  ${JSON.stringify(key)}: ${JSON.stringify(text)}`);
  return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${field}:\n${entries.join("\n")}\n`;
}

const run = (...documents: string[]) => extractArtifacts([{ file: "k8s/run.yaml", text: documents.join("---\n") }], INDEX);

describe("oslo.config files in ConfigMaps and Secrets", () => {
  it("gives a config to the workloads that mount its ConfigMap in their namespace, and to no other", () => {
    const result = run(
      workload("DaemonSet", "nova-compute", "openstack", [{ configMap: "nova-etc" }]),
      workload("Deployment", "nova-api", "openstack"),
      configMap("nova-etc", "openstack", { "nova.conf": NOVA_CONF }),
    );
    const byName = (name: string) => result.workloads.find((w) => w.workload.name === name);
    expect(byName("nova-compute")?.facts.oslo).toMatchObject({ host: "compute-a", myIp: "10.30.0.21", myIpIsLiteral: true });
    expect(byName("nova-api")?.facts.oslo).toBeUndefined();
    expect(result.unrecognized).toEqual([]);
  });

  it("does not take a ConfigMap of another namespace as mounted, and recognizes it by its content instead", () => {
    const result = run(
      workload("DaemonSet", "nova-compute", "openstack", [{ configMap: "nova-etc" }]),
      configMap("nova-etc", "elsewhere", { "nova.conf": NOVA_CONF }),
    );
    // Mounted, it would configure nova-compute alone; recognized by its name, it configures all of nova.
    expect(result.facts.find((f) => f.service === "nova-conductor")?.oslo).toMatchObject({ host: "compute-a" });
  });

  it("narrows a recognized config to the services with workloads in its namespace", () => {
    const result = run(workload("Deployment", "nova-api", "openstack"), configMap("loose", "openstack", { "nova.conf": NOVA_CONF }));
    expect(result.facts.find((f) => f.service === "nova-api")?.oslo).toMatchObject({ host: "compute-a" });
    expect(result.facts.find((f) => f.service === "nova-conductor")?.oslo).toBeUndefined();
  });

  it("prefers the long-running workloads that mount a config over the Jobs that do", () => {
    const result = run(
      workload("Job", "nova-conductor", "openstack", [{ configMap: "nova-etc" }]),
      workload("Deployment", "nova-api", "openstack", [{ configMap: "nova-etc" }]),
      configMap("nova-etc", "openstack", { "nova.conf": NOVA_CONF }),
    );
    expect(result.facts.find((f) => f.service === "nova-api")?.oslo).toMatchObject({ host: "compute-a" });
    expect(result.facts.find((f) => f.service === "nova-conductor")?.oslo).toBeUndefined();
  });

  it("gives a config to the Jobs that mount it when no long-running workload does", () => {
    const result = run(
      workload("Job", "nova-conductor", "openstack", [{ configMap: "nova-etc" }]),
      // Of the same project and namespace, but mounting nothing: recognized by content, the config would reach it.
      workload("Deployment", "nova-api", "openstack"),
      configMap("nova-etc", "openstack", { "nova.conf": NOVA_CONF }),
    );
    expect(result.facts.find((f) => f.service === "nova-conductor")?.oslo).toMatchObject({ host: "compute-a" });
    expect(result.facts.find((f) => f.service === "nova-api")?.oslo).toBeUndefined();
  });

  it("gives a mounted config to the workloads that mount it, whatever command kolla's config.json names", () => {
    const kolla = JSON.stringify({
      command: "nova-conductor --config-file /etc/nova/nova.conf",
      config_files: [{ source: "/var/lib/kolla/config_files/nova.conf", dest: "/etc/nova/nova.conf" }],
    });
    const result = run(
      workload("Deployment", "nova-api", "openstack", [{ configMap: "nova-etc" }]),
      configMap("nova-etc", "openstack", { "config.json": kolla, "nova.conf": NOVA_CONF }),
    );
    expect(result.facts.map((f) => [f.service, f.oslo?.host])).toEqual([["nova-api", "compute-a"]]);
  });

  it("gives a config to the command kolla's config.json names for it", () => {
    const kolla = JSON.stringify({
      command: "nova-conductor --config-file /etc/nova/nova.conf",
      config_files: [{ source: "/var/lib/kolla/config_files/nova.conf", dest: "/etc/nova/nova.conf" }],
    });
    const result = run(configMap("nova-conductor", "openstack", { "config.json": kolla, "nova.conf": NOVA_CONF }));
    expect(result.facts.map((f) => [f.service, f.oslo?.host])).toEqual([["nova-conductor", "compute-a"]]);
  });

  it("passes over config.json entries without a source, and data in kinds other than ConfigMap and Secret", () => {
    const kolla = JSON.stringify({
      command: "nova-conductor --config-file /etc/nova/nova.conf",
      config_files: [{ dest: "/etc/nova/policy.yaml" }, { source: 5 }, { source: "/var/lib/kolla/config_files/nova.conf" }],
    });
    const result = run(configMap("nova-conductor", "openstack", { "config.json": kolla, "nova.conf": NOVA_CONF }));
    expect(result.facts.map((f) => [f.service, f.oslo?.host])).toEqual([["nova-conductor", "compute-a"]]);
    const custom = configMap("nova-etc", "openstack", { "nova.conf": NOVA_CONF }).replace("kind: ConfigMap", "kind: NovaConfig");
    expect(run(workload("Deployment", "nova-api", "openstack", [{ configMap: "nova-etc" }]), custom).facts[0]?.oslo).toBeUndefined();
  });

  it("reads base64 Secret data at the key's line and stringData at each fact's own line", () => {
    const keystone = "[DEFAULT]\nhost = id-a\n[token]\nprovider = fernet\n";
    const encoded = Buffer.from(keystone).toString("base64");
    const secret = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ks\n  namespace: openstack\ndata:\n  keystone.conf: ${encoded}\n`;
    const fromData = run(secret).facts.find((f) => f.service === "keystone-api");
    expect(fromData?.oslo).toMatchObject({ host: "id-a" });
    expect(fromData?.locations["oslo.host"]).toMatchObject({ file: "k8s/run.yaml", line: 7 });
    const lined = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ks\n  namespace: openstack\nstringData:\n  keystone.conf: |\n    [DEFAULT]\n    host = id-a\n`;
    const fromStringData = run(lined).facts.find((f) => f.service === "keystone-api");
    expect(fromStringData?.locations["oslo.host"]).toMatchObject({ file: "k8s/run.yaml", line: 9 });
    expect(fromStringData?.locations.oslo).toMatchObject({ line: 7 });
  });

  it("cites the value's own line for every fact of a config written on one line or in base64 on the next", () => {
    const keystone = "[DEFAULT]\nhost = id-a\nmy_ip = 10.0.0.5\n";
    const quoted = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ks\n  namespace: openstack\ndata:\n  keystone.conf: ${JSON.stringify(keystone)}\n`;
    const oneLine = run(quoted).facts.find((f) => f.service === "keystone-api");
    expect([oneLine?.locations["oslo.host"]?.line, oneLine?.locations["oslo.myIp"]?.line]).toEqual([7, 7]);
    const encoded = Buffer.from(keystone).toString("base64");
    const block = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ks\n  namespace: openstack\ndata:\n  keystone.conf: |\n    ${encoded}\n`;
    const nextLine = run(block).facts.find((f) => f.service === "keystone-api");
    expect([nextLine?.locations["oslo.host"]?.line, nextLine?.locations["oslo.myIp"]?.line]).toEqual([8, 8]);
  });

  it("skips values that are not oslo.config files: other text, numbers, bad base64, ConfigMap stringData", () => {
    const result = run(
      configMap("plain", "openstack", { "readme.txt": "hello\n[not a section", "nova.conf": "" }),
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: n, namespace: openstack }\ndata:\n  count: 3\n`,
      `apiVersion: v1\nkind: Secret\nmetadata: { name: s, namespace: openstack }\ndata:\n  nova.conf: "not*base64!"\n`,
      configMap("sd", "openstack", { "nova.conf": NOVA_CONF }, "stringData"),
    );
    expect(result.facts.filter((f) => f.oslo !== undefined)).toEqual([]);
    expect(result.unrecognized.map((u) => u.kind)).toEqual(["kubernetes"]);
  });

  it("lists a config it cannot tie to any service as unrecognized, at its key, with the reason", () => {
    const result = run(configMap("app", "openstack", { "app.conf": "[DEFAULT]\nx = 1\n" }));
    expect(result.unrecognized).toEqual([
      {
        file: "k8s/run.yaml",
        line: 7,
        kind: "oslo-config",
        name: "ConfigMap/app/app.conf",
        reason: 'neither its name "app.conf" nor its sections and options identify a service of the catalog',
      },
    ]);
  });
});
