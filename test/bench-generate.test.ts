import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { load, loadAll } from "js-yaml";
import { describe, expect, it } from "vitest";
// @ts-expect-error: the benchmark is plain JavaScript without types
import { generateEstate, renderYaml, WORKLOAD_KINDS } from "../bench/generate.mjs";
import { ROOT, tempDir } from "./helpers/cli.js";

type Doc = { kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown> } & Record<string, unknown>;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** YAML values in a document: every scalar, mapping and sequence (keys not counted). */
function countValues(value: unknown): number {
  if (value === null || typeof value !== "object") return 1;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + children.reduce((sum: number, child) => sum + countValues(child), 0);
}

function hashTree(dir: string): string {
  const hash = createHash("sha256");
  for (const file of listFiles(dir)) hash.update(relative(dir, file)).update(readFileSync(file));
  return hash.digest("hex");
}

const isWorkload = (d: Doc) => (WORKLOAD_KINDS as string[]).includes(d.kind);

describe("benchmark estate generator", () => {
  const dir = tempDir();
  const estate = join(dir, "estate");
  const single = join(dir, "single");
  // 37 is not a multiple of a region's workloads, so the last region is cut mid-chart.
  const stats = generateEstate(estate, 37, { singleDir: single });
  const files = listFiles(estate).map((file) => ({ file, docs: loadAll(readFileSync(file, "utf8")) as Doc[] }));
  const docs = files.flatMap((f) => f.docs);

  it("writes exactly the workloads asked for, and says how many documents and files", () => {
    expect(docs.filter(isWorkload)).toHaveLength(37);
    expect(stats.workloads).toBe(37);
    expect(stats.documents).toBe(docs.length);
    expect(stats.files).toBe(files.length);
  });

  it("gives every workload 100 to 450 YAML values, as openstack-helm's rendered workloads have", () => {
    const sizes = docs.filter(isWorkload).map(countValues);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(450);
    // Not one shape repeated: the sizes spread over the range.
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeGreaterThan(150);
  });

  it("puts every region in namespace openstack, as openstack-helm installs its charts", () => {
    expect(new Set(docs.map((d) => d.metadata.namespace))).toEqual(new Set(["openstack"]));
    expect(new Set(files.map((f) => relative(estate, f.file).split("/")[0])).size).toBeGreaterThan(1);
  });

  it("puts each workload's service account, role binding, and for StatefulSets a headless Service, in its file", () => {
    for (const { docs: fileDocs } of files) {
      for (const workload of fileDocs.filter(isWorkload)) {
        const ns = workload.metadata.namespace;
        const pod = (workload.spec as { template: { spec: { serviceAccountName: string } } }).template.spec;
        const same = (kind: string) => fileDocs.filter((d) => d.kind === kind && d.metadata.namespace === ns);
        expect(same("ServiceAccount").map((d) => d.metadata.name)).toContain(pod.serviceAccountName);
        expect(same("RoleBinding").map((d) => d.metadata.name)).toContain(pod.serviceAccountName);
        if (workload.kind === "StatefulSet") {
          const headless = same("Service").filter((s) => (s.spec as { clusterIP?: string }).clusterIP === "None");
          expect(headless.map((s) => s.metadata.name)).toContain(workload.metadata.name);
        }
      }
    }
    expect(new Set(docs.map((d) => d.kind))).toEqual(
      new Set([
        "ConfigMap",
        "ServiceAccount",
        "Role",
        "RoleBinding",
        "Job",
        "Deployment",
        "StatefulSet",
        "DaemonSet",
        "Service",
        "PodDisruptionBudget",
      ]),
    );
  });

  it("writes the same documents one per file for the peer, and lists the workload files", () => {
    const singles = listFiles(single).map((file) => ({ file, docs: loadAll(readFileSync(file, "utf8")) as Doc[] }));
    expect(singles.every((s) => s.docs.length === 1)).toBe(true);
    const canonical = (list: Doc[]) => list.map((d) => JSON.stringify(d)).sort();
    expect(canonical(singles.flatMap((s) => s.docs))).toEqual(canonical(docs));
    expect(stats.singleFiles).toBe(singles.length);
    const workloadFiles = singles.filter((s) => isWorkload(s.docs[0] as Doc)).map((s) => relative(single, s.file));
    expect([...stats.workloadFiles].sort()).toEqual(workloadFiles.sort());
  });

  it("writes the same bytes every time", () => {
    const again = join(dir, "again");
    generateEstate(again, 37);
    expect(hashTree(again)).toBe(hashTree(estate));
  });

  it("reads back what the YAML writer wrote, for strings YAML would otherwise retype", () => {
    const value = {
      plain: "keystone-api",
      words: ["true", "no", "null", "~", "123", "0555", "1e3", "", " lead", "a: b", "# not a comment", "x #y", "-dash", "*star"],
      "key with: colon": { nested: [{ a: 1, b: [true, null] }, "s"], empty: {}, none: [] },
      block: "line one\n  indented\n\nlast\n",
      chomped: "no newline\nat end",
    };
    expect(load(renderYaml(value, 0).join("\n"))).toEqual(value);
  });
});

describe("benchmark peer ruleset", () => {
  it("has a census rule that marks exactly the workload kinds the generator counts", () => {
    const ruleset = load(readFileSync(join(ROOT, "bench", "spectral-ruleset.yaml"), "utf8")) as {
      rules: Record<string, { given: string; then: { function: string; functionOptions: { notMatch: string } } }>;
    };
    const census = ruleset.rules["workload-census"];
    expect(census?.given).toBe("$.kind");
    expect(census?.then.function).toBe("pattern");
    // The pattern function reports a value that matches `notMatch`, so the kinds it matches are the ones it marks.
    const marks = new RegExp(census?.then.functionOptions.notMatch ?? "$^");
    const kinds = [
      "Deployment",
      "StatefulSet",
      "DaemonSet",
      "Job",
      "ConfigMap",
      "Service",
      "ServiceAccount",
      "Role",
      "RoleBinding",
      "PodDisruptionBudget",
    ];
    expect(kinds.filter((k) => marks.test(k))).toEqual(WORKLOAD_KINDS);
  });
});
