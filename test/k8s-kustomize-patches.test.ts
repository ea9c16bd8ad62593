import { describe, expect, it, vi } from "vitest";
import { extractArtifacts } from "../src/extract/index.js";
import { KustomizePatches } from "../src/extract/kubernetes/kustomize-patches.js";
import type { ManifestObject } from "../src/extract/kubernetes/read-workload.js";
import { novaRegion as nova, novaPdb } from "./helpers/manifests.js";
import { serviceIndex } from "./helpers/service-index.js";

const INDEX = serviceIndex({ nova: ["nova-api", "nova-conductor"], keystone: ["keystone-api"] });

function config(myIp: string, name = "nova-etc"): string {
  return `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: openstack}
data:
  nova.conf: |
    [DEFAULT]
    my_ip = ${myIp}
`;
}

const PDB = novaPdb(1);

function kustomization(resources: readonly string[], patches: readonly string[], key = "patches"): string {
  const list = (items: readonly string[], item: (s: string) => string) => items.map((s) => `\n  - ${item(s)}`).join("");
  return `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:${list(resources, (s) => s)}
${key}:${list(patches, (s) => (key === "patches" ? `path: ${s}` : s))}
`;
}

function factsByFile(files: { file: string; text: string }[]) {
  const facts = extractArtifacts(files, INDEX);
  return { facts, byFile: new Map(facts.workloads.map((w) => [w.workload.file, w.facts])) };
}

describe("the objects of a Kustomization's patch files", () => {
  it("relate only to the workloads of files the Kustomization builds, region by region", () => {
    const { facts, byFile } = factsByFile([
      { file: "east/kustomization.yaml", text: kustomization(["nova.yaml"], ["patch.yaml"]) },
      { file: "east/nova.yaml", text: nova("10.0.0.1") },
      { file: "east/patch.yaml", text: `${PDB}---\n${config("10.0.0.5")}` },
      { file: "west/kustomization.yaml", text: kustomization(["nova.yaml"], []) },
      { file: "west/nova.yaml", text: nova("10.0.0.2") },
    ]);
    expect(byFile.get("east/nova.yaml")?.deployment).toMatchObject({ hasPdb: true, pdbMinAvailable: 1 });
    expect(byFile.get("east/nova.yaml")?.oslo).toMatchObject({
      myIp: "10.0.0.5",
      files: ["east/nova.yaml#ConfigMap/nova-etc/nova.conf", "east/patch.yaml#ConfigMap/nova-etc/nova.conf"],
    });
    expect(byFile.get("west/nova.yaml")?.deployment).toMatchObject({ hasPdb: false });
    expect(byFile.get("west/nova.yaml")?.oslo).toMatchObject({ myIp: "10.0.0.2", files: ["west/nova.yaml#ConfigMap/nova-etc/nova.conf"] });
    expect(facts.unrecognized).toEqual([]);
  });

  it("reach a base through an overlay's resources, and not a workload outside the build", () => {
    const { byFile } = factsByFile([
      { file: "base/kustomization.yaml", text: kustomization(["nova.yaml"], []) },
      { file: "base/nova.yaml", text: nova("10.0.0.1") },
      { file: "overlays/prod/kustomization.yaml", text: kustomization(["../../base"], ["pdb.yaml"], "patchesStrategicMerge") },
      { file: "overlays/prod/pdb.yaml", text: PDB },
      { file: "standalone/nova.yaml", text: nova("10.0.0.2") },
    ]);
    expect(byFile.get("base/nova.yaml")?.deployment).toMatchObject({ hasPdb: true });
    expect(byFile.get("base/nova.yaml")?.locations["deployment.hasPdb"]).toMatchObject({ file: "overlays/prod/pdb.yaml" });
    expect(byFile.get("standalone/nova.yaml")?.deployment).toMatchObject({ hasPdb: false });
  });

  it("reach the files under a folder the Kustomization names, when the run holds no Kustomization there", () => {
    const { byFile } = factsByFile([
      { file: "site/kustomization.yaml", text: kustomization(["../rendered/east"], ["pdb.yaml"]) },
      { file: "site/pdb.yaml", text: PDB },
      { file: "rendered/east/nova/nova.yaml", text: nova("10.0.0.1") },
      { file: "rendered/eastern/nova.yaml", text: nova("10.0.0.2") },
    ]);
    expect(byFile.get("rendered/east/nova/nova.yaml")?.deployment).toMatchObject({ hasPdb: true });
    // A folder's name is not a prefix of its neighbour's.
    expect(byFile.get("rendered/eastern/nova.yaml")?.deployment).toMatchObject({ hasPdb: false });
  });

  it("relate to every workload when the run holds nothing the Kustomization builds", () => {
    for (const resources of [[], ["all.yaml"], ["https://github.com/example/base?ref=v1"], ["github.com/example/base"]]) {
      const { byFile } = factsByFile([
        { file: "east/kustomization.yaml", text: kustomization(resources, ["patch.yaml"]) },
        { file: "east/patch.yaml", text: PDB },
        { file: "east/nova.yaml", text: nova("10.0.0.1") },
        { file: "west/nova.yaml", text: nova("10.0.0.2") },
      ]);
      expect(byFile.get("west/nova.yaml")?.deployment, resources.join()).toMatchObject({ hasPdb: true });
      expect(byFile.get("east/nova.yaml")?.deployment, resources.join()).toMatchObject({ hasPdb: true });
    }
  });

  it("relate to every workload either Kustomization builds when two patch with the same file", () => {
    const { byFile } = factsByFile([
      { file: "east/kustomization.yaml", text: kustomization(["nova.yaml"], ["../shared/pdb.yaml"]) },
      { file: "east/nova.yaml", text: nova("10.0.0.1") },
      { file: "west/kustomization.yaml", text: kustomization(["nova.yaml"], ["../shared/pdb.yaml"]) },
      { file: "west/nova.yaml", text: nova("10.0.0.2") },
      { file: "north/nova.yaml", text: nova("10.0.0.3") },
      { file: "shared/pdb.yaml", text: PDB },
    ]);
    expect(byFile.get("east/nova.yaml")?.deployment).toMatchObject({ hasPdb: true });
    expect(byFile.get("west/nova.yaml")?.deployment).toMatchObject({ hasPdb: true });
    expect(byFile.get("north/nova.yaml")?.deployment).toMatchObject({ hasPdb: false });
  });

  it("lists a patched config that reaches no workload of the services it configures, and gives it to none", () => {
    const keystone = nova("10.0.0.9").replaceAll("nova-api", "keystone-api").replaceAll("nova-", "keystone-");
    const { facts, byFile } = factsByFile([
      { file: "east/kustomization.yaml", text: kustomization(["keystone.yaml"], ["patch.yaml"]) },
      { file: "east/keystone.yaml", text: keystone },
      { file: "east/patch.yaml", text: config("10.0.0.5", "nova-extra") },
      { file: "east/nova.yaml", text: nova("10.0.0.1") },
      { file: "west/nova.yaml", text: nova("10.0.0.2") },
    ]);
    // nova-extra is mounted by no workload: its nova.conf is nova's, and the build holds only keystone.
    expect(byFile.get("east/nova.yaml")?.oslo?.myIp).toBe("10.0.0.1");
    expect(byFile.get("west/nova.yaml")?.oslo?.myIp).toBe("10.0.0.2");
    expect(facts.unrecognized.filter((u) => u.file === "east/patch.yaml")).toEqual([
      {
        file: "east/patch.yaml",
        line: 5,
        kind: "oslo-config",
        name: "ConfigMap/nova-extra/nova.conf",
        reason: "a patch of Kustomizations that build none of the workloads of the services it configures",
      },
    ]);
  });
});

describe("the work of relating patches", () => {
  it("asks only about the objects of patch files, each about the workloads it may reach: many regions in one namespace stay linear", () => {
    const regions = 40;
    const files = Array.from({ length: regions }, (_, i) => ({ file: `r${i}/nova.yaml`, text: `${nova(`10.0.1.${i}`)}---\n${PDB}` }));
    files.push(
      { file: "r0/kustomization.yaml", text: kustomization(["nova.yaml"], ["patch.yaml"]) },
      { file: "r0/patch.yaml", text: `${PDB}---\n${config("10.0.0.5")}` },
    );
    const reaches = vi.spyOn(KustomizePatches.prototype, "reaches");
    try {
      const { byFile } = factsByFile(files);
      expect(byFile.get("r0/nova.yaml")?.oslo?.myIp).toBe("10.0.0.5");
      expect(byFile.get("r1/nova.yaml")?.oslo?.myIp).toBe("10.0.1.1");
      expect(new Set(reaches.mock.calls.map(([file]) => file))).toEqual(new Set(["r0/patch.yaml"]));
      // The patch's budget and its ConfigMap, each asked once per workload at most, and a few times more.
      expect(reaches.mock.calls.length).toBeLessThanOrEqual(4 * regions);
    } finally {
      reaches.mockRestore();
    }
  });
});

describe("KustomizePatches", () => {
  const object = (file: string, value: Record<string, unknown>): ManifestObject =>
    ({ file, value: { kind: "Kustomization", ...value }, path: [], source: undefined }) as unknown as ManifestObject;

  it("follows Kustomizations through bases and components, once each, even in a cycle", () => {
    const patches = new KustomizePatches(
      [
        object("a/kustomization.yaml", { bases: ["../b"], patches: [{ path: "p.yaml" }] }),
        object("b/kustomization.yml", { components: ["../a", "../c"], resources: ["w.yaml"] }),
        object("c/Kustomization", { resources: ["x.yaml"] }),
      ],
      new Set(["b/w.yaml", "c/x.yaml", "d/y.yaml"]),
    );
    expect(patches.has("a/p.yaml")).toBe(true);
    expect(patches.has("a/kustomization.yaml")).toBe(false);
    expect(patches.scoped).toBe(true);
    expect(patches.reaches("a/p.yaml", "b/w.yaml")).toBe(true);
    expect(patches.reaches("a/p.yaml", "c/x.yaml")).toBe(true);
    expect(patches.reaches("a/p.yaml", "d/y.yaml")).toBe(false);
    // A file no Kustomization patches with reaches every workload.
    expect(patches.reaches("d/y.yaml", "b/w.yaml")).toBe(true);
  });

  it("reaches everywhere when any Kustomization patching with a file builds nothing of the run, in either order", () => {
    const known = object("a/kustomization.yaml", { resources: ["w.yaml"], patches: [{ path: "../p.yaml" }] });
    const unknown = object("b/kustomization.yaml", { resources: ["gone.yaml"], patches: [{ path: "../p.yaml" }] });
    for (const order of [
      [known, unknown],
      [unknown, known],
    ]) {
      const patches = new KustomizePatches(order, new Set(["a/w.yaml", "c/w.yaml"]));
      expect(patches.reaches("p.yaml", "c/w.yaml")).toBe(true);
    }
  });

  it("passes over entries that are not paths, and takes only kustomize's own file as a folder's Kustomization", () => {
    const patches = new KustomizePatches(
      [
        object("site/kustomization.yaml", { resources: [{ path: "x" }, 3, "../flux"], patches: [{ patch: "inline" }, { path: "p.yaml" }] }),
        // Flux's Kustomization kind, in a file of its own: not the folder's kustomization.
        object("flux/apps.yaml", { resources: [] }),
      ],
      new Set(["flux/nova.yaml", "other/nova.yaml"]),
    );
    expect(patches.reaches("site/p.yaml", "flux/nova.yaml")).toBe(true);
    expect(patches.reaches("site/p.yaml", "other/nova.yaml")).toBe(false);
    expect(patches.has("site/inline")).toBe(false);
  });

  it("is not scoped when every patch reaches everywhere", () => {
    const patches = new KustomizePatches(
      [object("a/kustomization.yaml", { resources: ["gone.yaml"], patchesStrategicMerge: ["p.yaml"] })],
      new Set(["b/w.yaml"]),
    );
    expect(patches.has("a/p.yaml")).toBe(true);
    expect(patches.scoped).toBe(false);
    expect(patches.reaches("a/p.yaml", "b/w.yaml")).toBe(true);
  });
});
