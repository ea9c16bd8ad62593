import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getHeapSnapshot } from "node:v8";
import { afterAll, describe, expect, it } from "vitest";
import { loadInputs } from "../src/load/inputs.js";

/** Files in the run: well past what the bounded caches of recent texts hold (a few hundred). */
const FILES = 1200;
const MARKER = "retention-marker-";

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

/** The markers of the texts the heap still holds, read from a heap snapshot (which collects garbage first). */
async function markersHeld(): Promise<Set<string>> {
  const held = new Set<string>();
  const pattern = new RegExp(`${MARKER}(\\d{5})`, "g");
  let tail = "";
  for await (const chunk of getHeapSnapshot()) {
    const text = tail + String(chunk);
    for (const match of text.matchAll(pattern)) held.add(match[1] as string);
    tail = text.slice(-64);
  }
  return held;
}

describe("the texts of a run's files", () => {
  const dir = mkdtempSync(join(tmpdir(), "blendcheck-retention-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are let go once read: the facts keep their values and locations, not the files", async () => {
    mkdirSync(join(dir, "estate"));
    for (let i = 0; i < FILES; i++) writeFileSync(join(dir, "estate", `chart-${i}.yaml`), chart(i));
    const inputs = loadInputs({ paths: ["estate"], cwd: dir });
    expect(inputs.problems).toEqual([]);
    expect(inputs.extracted.workloads.length).toBe(FILES);

    const held = await markersHeld();
    // Only the bounded caches of the texts read last may still hold some; every text, before.
    expect(held.size).toBeLessThan(FILES / 2);

    // What the files said is still there, and where: the PodDisruptionBudget's place is found now, from its own lines.
    const first = inputs.extracted.workloads.find((w) => w.workload.file === "estate/chart-0.yaml");
    expect(first?.facts.deployment?.image).toBe("quay.io/airshipit/keystone:2024.1-ubuntu_jammy-openstack-region-00000");
    expect(first?.facts.deployment?.pdbMinAvailable).toBe(1);
    expect({ ...first?.facts.locations["deployment.pdbMinAvailable"] }).toEqual({ file: "estate/chart-0.yaml", line: 33, column: 17 });
    expect(first?.facts.oslo?.databaseHosts).toEqual([{ host: "mariadb.openstack-region-00000.svc.cluster.local", ipLiteral: false }]);
    // A config held in a ConfigMap cites the manifest's line of each of its own lines.
    expect({ ...first?.facts.locations["oslo.databaseHosts"] }).toEqual({ file: "estate/chart-0.yaml", line: 13, column: 1 });
  }, 60_000);
});
