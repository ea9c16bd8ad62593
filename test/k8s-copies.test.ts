import { beforeEach, describe, expect, it } from "vitest";
import { extractArtifacts } from "../src/extract/index.js";
import { NearestCopies } from "../src/extract/kubernetes/nearest-copies.js";
import { novaPdb as pdb, novaRegion as region } from "./helpers/manifests.js";
import { serviceIndex } from "./helpers/service-index.js";

const INDEX = serviceIndex({ nova: ["nova-api", "nova-conductor"], keystone: ["keystone-api"] });

describe("several copies of one object in a run", () => {
  it("ties each workload to the copies nearest its file: its own file's ConfigMap, its folder's budget", () => {
    const facts = extractArtifacts(
      [
        { file: "east/nova.yaml", text: region("10.0.0.1") },
        { file: "east/pdb.yaml", text: pdb(1) },
        { file: "west/nova.yaml", text: region("10.0.0.2") },
        { file: "west/pdb.yaml", text: pdb(2) },
      ],
      INDEX,
    );
    const byFile = new Map(facts.workloads.map((w) => [w.workload.file, w.facts]));
    const east = byFile.get("east/nova.yaml");
    const west = byFile.get("west/nova.yaml");
    expect(east?.oslo).toMatchObject({ myIp: "10.0.0.1", files: ["east/nova.yaml#ConfigMap/nova-etc/nova.conf"] });
    expect(west?.oslo).toMatchObject({ myIp: "10.0.0.2", files: ["west/nova.yaml#ConfigMap/nova-etc/nova.conf"] });
    expect(east?.deployment).toMatchObject({ hasPdb: true, pdbMinAvailable: 1 });
    expect(west?.deployment).toMatchObject({ hasPdb: true, pdbMinAvailable: 2 });
    expect(east?.locations["deployment.pdbMinAvailable"]).toMatchObject({ file: "east/pdb.yaml", line: 5 });
    expect(west?.locations["deployment.pdbMinAvailable"]).toMatchObject({ file: "west/pdb.yaml", line: 5 });
    expect(west?.locations["oslo.myIp"]).toMatchObject({ file: "west/nova.yaml", line: 27 });
    expect(facts.unrecognized.filter((u) => u.kind === "oslo-config")).toEqual([]);
  });

  it("keeps a lone object for every workload, however far, and lists a copy that no workload is nearest to", () => {
    const facts = extractArtifacts(
      [
        { file: "regions/east/nova.yaml", text: region("10.0.0.1") },
        { file: "regions/west/nova.yaml", text: region("10.0.0.2") },
        { file: "spare/nova-etc.yaml", text: region("10.0.0.9").split("---\n")[1] as string },
        { file: "shared/pdb.yaml", text: pdb(1) },
      ],
      INDEX,
    );
    for (const workload of facts.workloads) {
      expect(workload.facts.deployment).toMatchObject({ hasPdb: true, pdbMinAvailable: 1 });
      expect(workload.facts.oslo?.myIp).not.toBe("10.0.0.9");
    }
    expect(facts.unrecognized.filter((u) => u.kind === "oslo-config")).toEqual([
      {
        file: "spare/nova-etc.yaml",
        line: 2,
        kind: "oslo-config",
        name: "ConfigMap/nova-etc",
        reason: "another copy of ConfigMap openstack/nova-etc sits nearer every workload that mounts it",
      },
    ]);
  });

  it("gives a copy no workload mounts to its service's workloads it is nearest to", () => {
    const unmounted = (myIp: string) => region(myIp).replace("          configMap: {name: nova-etc}\n", "          emptyDir: {}\n");
    const facts = extractArtifacts(
      [
        { file: "east/nova.yaml", text: unmounted("10.0.0.1") },
        { file: "west/nova.yaml", text: unmounted("10.0.0.2") },
        { file: "spare/nova/etc.yaml", text: region("10.0.0.9").split("---\n")[1] as string },
        // A workload of another service beside the spare copy takes nothing of it.
        {
          file: "spare/nova/keystone.yaml",
          text: unmounted("10.0.0.9").split("---\n")[0]?.replaceAll("nova-api", "keystone-api") as string,
        },
      ],
      INDEX,
    );
    expect(facts.workloads.map((w) => [w.workload.file, w.facts.oslo?.myIp])).toEqual([
      ["east/nova.yaml", "10.0.0.1"],
      ["spare/nova/keystone.yaml", undefined],
      ["west/nova.yaml", "10.0.0.2"],
    ]);
    expect(facts.unrecognized.filter((u) => u.kind === "oslo-config")).toEqual([
      {
        file: "spare/nova/etc.yaml",
        line: 2,
        kind: "oslo-config",
        name: "ConfigMap/nova-etc/nova.conf",
        reason: "another copy of ConfigMap openstack/nova-etc sits nearer every workload of the services it configures",
      },
    ]);
  });

  it("gives unmounted copies to their service's workloads elsewhere when its namespace has none", () => {
    const unmounted = (myIp: string) => region(myIp).replace("          configMap: {name: nova-etc}\n", "          emptyDir: {}\n");
    const config = (myIp: string) => (region(myIp).split("---\n")[1] as string).replace("namespace: openstack", "namespace: other");
    const facts = extractArtifacts(
      [
        { file: "east/nova.yaml", text: unmounted("10.0.0.1") },
        { file: "east/etc.yaml", text: config("10.0.0.3") },
        { file: "west/etc.yaml", text: config("10.0.0.4") },
      ],
      INDEX,
    );
    expect(facts.unrecognized.filter((u) => u.kind === "oslo-config")).toEqual([]);
    expect(facts.workloads[0]?.facts.oslo?.files).toEqual([
      "east/nova.yaml#ConfigMap/nova-etc/nova.conf",
      "east/etc.yaml#ConfigMap/nova-etc/nova.conf",
      "west/etc.yaml#ConfigMap/nova-etc/nova.conf",
    ]);
  });

  it("ties a copy to every workload nearest it that mounts it, long-running ones before Jobs", () => {
    const second = region("10.0.0.1").split("---\n")[0]?.replaceAll("nova-api", "nova-conductor") as string;
    // A Job of nova-api's own (its container is nova-api) that mounts the config too.
    const job = (region("10.0.0.1").split("---\n")[0] as string)
      .replace("kind: Deployment", "kind: Job")
      .replace("name: nova-api, namespace", "name: nova-db-sync, namespace")
      .replace("      containers:", "      restartPolicy: OnFailure\n      containers:");
    const facts = extractArtifacts(
      [
        { file: "east/nova.yaml", text: `${region("10.0.0.1")}---\n${second}---\n${job}` },
        { file: "west/nova.yaml", text: region("10.0.0.2") },
      ],
      INDEX,
    );
    const ips = facts.workloads.map((w) => [w.workload.name, w.workload.file, w.facts.oslo?.myIp]);
    expect(ips).toContainEqual(["nova-api", "east/nova.yaml", "10.0.0.1"]);
    expect(ips).toContainEqual(["nova-conductor", "east/nova.yaml", "10.0.0.1"]);
    expect(ips).toContainEqual(["nova-api", "west/nova.yaml", "10.0.0.2"]);
    expect(ips.find(([name]) => name === "nova-db-sync")?.[2]).toBeUndefined();
  });

  it("ties copies across a namespace named on one side only: the workload's or the ConfigMap's", () => {
    const bare = (text: string) => text.replaceAll(", namespace: openstack", "");
    for (const [workloadOf, configOf] of [
      [bare, (text: string) => text],
      [(text: string) => text, bare],
    ] as const) {
      const file = (myIp: string) =>
        `${workloadOf(region(myIp).split("---\n")[0] as string)}---\n${configOf(region(myIp).split("---\n")[1] as string)}`;
      const facts = extractArtifacts(
        [
          { file: "east/nova.yaml", text: file("10.0.0.1") },
          { file: "west/nova.yaml", text: file("10.0.0.2") },
        ],
        INDEX,
      );
      expect(facts.workloads.map((w) => [w.workload.file, w.facts.oslo?.files])).toEqual([
        ["east/nova.yaml", ["east/nova.yaml#ConfigMap/nova-etc/nova.conf"]],
        ["west/nova.yaml", ["west/nova.yaml#ConfigMap/nova-etc/nova.conf"]],
      ]);
    }
  });

  it("gives a lone ConfigMap to the workloads that mount it however far, beside another ConfigMap", () => {
    const [deployment, config] = region("10.0.0.1").split("---\n") as [string, string];
    const other = config.replace("name: nova-etc", "name: keystone-etc").replace("nova.conf", "keystone.conf");
    const facts = extractArtifacts(
      [
        { file: "a/nova.yaml", text: `${deployment}---\n${other}` },
        { file: "b/etc.yaml", text: config },
      ],
      INDEX,
    );
    expect(facts.workloads[0]?.facts.oslo?.files).toEqual(["b/etc.yaml#ConfigMap/nova-etc/nova.conf"]);
  });

  it("names a copy that names no namespace without one", () => {
    const bare = (text: string) => text.replaceAll(", namespace: openstack", "");
    const facts = extractArtifacts(
      [
        { file: "east/nova.yaml", text: bare(region("10.0.0.1")) },
        { file: "west/nova.yaml", text: bare(region("10.0.0.2")) },
        { file: "spare/etc.yaml", text: bare(region("10.0.0.9").split("---\n")[1] as string) },
      ],
      INDEX,
    );
    expect(facts.unrecognized.filter((u) => u.kind === "oslo-config").map((u) => u.reason)).toEqual([
      "another copy of ConfigMap nova-etc sits nearer every workload that mounts it",
    ]);
  });

  it("gives a lone ConfigMap only to the workloads that mount it, not to every workload of its service", () => {
    const other = region("10.0.0.1").split("---\n")[0]?.replace("name: nova-api, namespace", "name: nova-api-b, namespace") as string;
    const facts = extractArtifacts(
      [
        { file: "a.yaml", text: region("10.0.0.1") },
        { file: "b.yaml", text: other.replace("configMap: {name: nova-etc}", "configMap: {name: nova-etc-b}") },
      ],
      INDEX,
    );
    expect(facts.workloads.map((w) => [w.workload.name, w.facts.oslo?.myIp])).toEqual([
      ["nova-api", "10.0.0.1"],
      ["nova-api-b", undefined],
    ]);
  });

  it("reads a ConfigMap of a file a Kustomization patches with as a patch, not a copy", () => {
    const kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: patch.yaml\n";
    const facts = extractArtifacts(
      [
        { file: "east/kustomization.yaml", text: kustomization },
        { file: "east/nova.yaml", text: region("10.0.0.1") },
        { file: "west/nova.yaml", text: region("10.0.0.2") },
        // Read last: the copies' claims must not be lost to a patch of the same name.
        { file: "east/patch.yaml", text: region("10.0.0.5").split("---\n")[1] as string },
      ],
      INDEX,
    );
    const east = facts.workloads.find((w) => w.workload.file === "east/nova.yaml");
    expect(east?.facts.oslo).toMatchObject({
      myIp: "10.0.0.5",
      files: ["east/nova.yaml#ConfigMap/nova-etc/nova.conf", "east/patch.yaml#ConfigMap/nova-etc/nova.conf"],
    });
    // West still takes its own copy: the patch does not hide the copies of the object it patches.
    const west = facts.workloads.find((w) => w.workload.file === "west/nova.yaml");
    expect(west?.facts.oslo?.files).toContain("west/nova.yaml#ConfigMap/nova-etc/nova.conf");
    expect(facts.unrecognized).toEqual([]);
  });

  it("ties copies in different namespaces to the workloads of each, as before", () => {
    const other = (text: string) => text.replaceAll("namespace: openstack", "namespace: openstack-b");
    const facts = extractArtifacts(
      [
        { file: "a/nova.yaml", text: `${region("10.0.0.1")}---\n${pdb(1)}` },
        { file: "a2/nova.yaml", text: `${region("10.0.0.3")}---\n${pdb(3)}` },
        { file: "b/nova.yaml", text: other(`${region("10.0.0.2")}---\n${pdb(2)}`) },
      ],
      INDEX,
    );
    expect(
      facts.workloads.map((w) => [w.workload.namespace, w.facts.oslo?.myIp, w.facts.oslo?.files, w.facts.deployment?.pdbMinAvailable]),
    ).toEqual([
      ["openstack", "10.0.0.1", ["a/nova.yaml#ConfigMap/nova-etc/nova.conf"], 1],
      ["openstack", "10.0.0.3", ["a2/nova.yaml#ConfigMap/nova-etc/nova.conf"], 3],
      ["openstack-b", "10.0.0.2", ["b/nova.yaml#ConfigMap/nova-etc/nova.conf"], 2],
    ]);
  });
});

describe("NearestCopies", () => {
  interface Item {
    id?: string;
    file: string;
  }
  const near = (items: Item[]) =>
    new NearestCopies(
      items,
      (item) => item.id,
      (item) => item.file,
    );
  const names = (items: readonly Item[], all: Item[]) => items.map((item) => all.indexOf(item));

  const items: Item[] = [
    { id: "pdb", file: "/estate/east/pdb.yaml" },
    { id: "pdb", file: "/estate/west/pdb.yaml" },
    { id: "lone", file: "/elsewhere/lone.yaml" },
    { file: "/estate/unnamed.yaml" },
    { id: "cm", file: "/estate/east/nova.yaml" },
    { id: "cm", file: "/estate/east/nova.yaml" },
    { id: "cm", file: "/estate/east/sub/nova.yaml" },
    { id: "cm", file: "/estate/central.yaml" },
  ];
  // Made in each test: a mutant of the constructor only shows in an instance made while it is active.
  let copies = near(items);
  beforeEach(() => {
    copies = near(items);
  });

  it("gives, in order, the lone items and the copies in the file itself before those of its folder", () => {
    expect(names(copies.nearest("/estate/east/nova.yaml"), items)).toEqual([0, 2, 3, 4, 5]);
    expect(names(copies.nearest("/estate/east/sub/nova.yaml"), items)).toEqual([0, 2, 3, 6]);
  });

  it("goes up a folder at a time, and keeps every copy equally near", () => {
    expect(names(copies.nearest("/estate/east/other.yaml"), items)).toEqual([0, 2, 3, 4, 5, 6]);
    expect(names(copies.nearest("/estate/north/nova.yaml"), items)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(names(copies.nearest("/estate/west/x/nova.yaml"), items)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(names(copies.nearest("/other/nova.yaml"), items)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("reads relative paths by their folders too", () => {
    const relative = [
      { id: "a", file: "east/a.yaml" },
      { id: "a", file: "west/a.yaml" },
      { id: "a", file: "a.yaml" },
    ];
    const found = near(relative);
    expect(names(found.nearest("east/deploy.yaml"), relative)).toEqual([0]);
    expect(names(found.nearest("north/deploy.yaml"), relative)).toEqual([0, 1, 2]);
    expect(names(found.nearest("a.yaml"), relative)).toEqual([2]);
  });

  it("says which copies are nearest and names the identity only of an item with copies", () => {
    expect(copies.isNearest(0, "/estate/east/nova.yaml")).toBe(true);
    expect(copies.isNearest(1, "/estate/east/nova.yaml")).toBe(false);
    expect(copies.isNearest(2, "/estate/east/nova.yaml")).toBe(true);
    expect(copies.isNearest(3, "/anywhere.yaml")).toBe(true);
    expect(copies.copiedIdentity(0)).toBe("pdb");
    expect(copies.copiedIdentity(2)).toBeUndefined();
    expect(copies.copiedIdentity(3)).toBeUndefined();
    expect(copies.nearestTo("cm", "/estate/central.yaml")).toEqual([7]);
  });

  it("gives the items themselves when none has a copy", () => {
    const lone = [{ id: "a", file: "a.yaml" }, { id: "b", file: "b.yaml" }, { file: "c.yaml" }];
    const found = near(lone);
    expect(found.hasCopies).toBe(false);
    expect(found.nearest("x/y.yaml")).toBe(lone);
    expect(copies.hasCopies).toBe(true);
  });

  it("keeps run order when a file's nearest copy of one object comes after its nearest copy of another", () => {
    const ordered: Item[] = [
      { id: "a", file: "far/a.yaml" },
      { id: "lone-1", file: "x/lone.yaml" },
      { id: "b", file: "x/b.yaml" },
      { id: "a", file: "x/a.yaml" },
      { id: "b", file: "far/b.yaml" },
      { id: "lone-2", file: "far/lone.yaml" },
    ];
    expect(names(near(ordered).nearest("x/w.yaml"), ordered)).toEqual([1, 2, 3, 5]);
    expect(names(near(ordered).nearest("far/w.yaml"), ordered)).toEqual([0, 1, 4, 5]);
  });

  it("tells apart the lists of files that pick different copies, whatever their positions", () => {
    // Copies at 1 and 234 for one file, at 12 and 34 for the other: positions whose digits run alike.
    const many: Item[] = Array.from({ length: 240 }, (_, i) => ({ id: `lone-${i}`, file: "elsewhere.yaml" }));
    many[1] = { id: "a", file: "x/a.yaml" };
    many[12] = { id: "a", file: "y/a.yaml" };
    many[234] = { id: "b", file: "x/b.yaml" };
    many[34] = { id: "b", file: "y/b.yaml" };
    const found = near(many);
    const x = names(found.nearest("x/w.yaml"), many);
    const y = names(found.nearest("y/w.yaml"), many);
    expect([x.includes(1), x.includes(234), x.includes(12), x.includes(34)]).toEqual([true, true, false, false]);
    expect([y.includes(1), y.includes(234), y.includes(12), y.includes(34)]).toEqual([false, false, true, true]);
  });

  it("takes no two unnamed items for copies of each other", () => {
    const unnamed = near([{ file: "a/x.yaml" }, { file: "b/x.yaml" }]);
    expect(unnamed.hasCopies).toBe(false);
  });

  it("shares one list between the files that pick the same copies", () => {
    expect(copies.nearest("/estate/east/a.yaml")).toBe(copies.nearest("/estate/east/b.yaml"));
    expect(copies.nearest("/estate/east/a.yaml")).not.toBe(copies.nearest("/estate/east/nova.yaml"));
  });
});
