import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "./helpers/cli.js";

/** Files in the run: well past what the bounded caches of recent texts hold (a few hundred). */
const FILES = 1200;
const MARKER = "retention-marker-";
const PROBE = join(ROOT, "test", "helpers", "retention-probe.mjs");

/** One chart's output in a namespace of its own: a keystone Deployment, its PodDisruptionBudget, a Service and its config. */
function chart(index: number): string {
  const namespace = `openstack-region-${String(index).padStart(5, "0")}`;
  return `# ${MARKER}${String(index).padStart(5, "0")}: the first line of this file, and of no other string
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: keystone-etc
  namespace: ${namespace}
data:
  keystone.conf: |
    [DEFAULT]
    debug = false
    [database]
    connection = mysql+pymysql://keystone:secret@mariadb.${namespace}.svc.cluster.local/keystone
---
apiVersion: v1
kind: Service
metadata:
  name: keystone-api
  namespace: ${namespace}
spec:
  selector:
    application: keystone
    component: api
  ports:
    - port: 5000
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: keystone-api
  namespace: ${namespace}
spec:
  minAvailable: 1
  selector:
    matchLabels:
      application: keystone
      component: api
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: keystone-api
  namespace: ${namespace}
  labels:
    application: keystone
    component: api
spec:
  replicas: 2
  selector:
    matchLabels:
      application: keystone
      component: api
  template:
    metadata:
      labels:
        application: keystone
        component: api
    spec:
      containers:
        - name: keystone-api
          image: quay.io/airshipit/keystone:2024.1-ubuntu_jammy-${namespace}
          volumeMounts:
            - name: keystone-etc
              mountPath: /etc/keystone/keystone.conf
              subPath: keystone.conf
      volumes:
        - name: keystone-etc
          configMap:
            name: keystone-etc
`;
}

describe("the texts of a run's files", () => {
  const dir = mkdtempSync(join(tmpdir(), "blendcheck-retention-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are let go once read: the facts keep their values and locations, not the files", () => {
    mkdirSync(join(dir, "estate"));
    for (let i = 0; i < FILES; i++) writeFileSync(join(dir, "estate", `chart-${i}.yaml`), chart(i));
    // In a process of its own, so the heap snapshot holds this load and nothing of other tests.
    const probe = spawnSync(process.execPath, [PROBE, join(ROOT, "dist", "index.mjs"), dir, "estate"], { encoding: "utf8" });
    expect(probe.status, probe.stderr).toBe(0);
    const seen = JSON.parse(probe.stdout);
    expect(seen.problems).toBe(0);
    expect(seen.workloads).toBe(FILES);
    // Only the bounded caches of the texts read last may still hold some; every text, before.
    expect(seen.held).toBeLessThan(FILES / 2);
    // What the files said is still there, and where: the PodDisruptionBudget's place is found now, from its own lines.
    expect(seen.image).toBe("quay.io/airshipit/keystone:2024.1-ubuntu_jammy-openstack-region-00000");
    expect(seen.pdbMinAvailable).toBe(1);
    expect(seen.pdbAt).toEqual({ file: "estate/chart-0.yaml", line: 33, column: 17 });
    expect(seen.databaseHosts).toEqual([{ host: "mariadb.openstack-region-00000.svc.cluster.local", ipLiteral: false }]);
    // A config held in a ConfigMap cites the manifest's line of each of its own lines.
    expect(seen.configAt).toEqual({ file: "estate/chart-0.yaml", line: 13, column: 1 });
  }, 60_000);
});
