import { describe, expect, it } from "vitest";
import { FactRecorder, type ManifestObject, type Path, sharePlaces } from "../src/extract/kubernetes/read-workload.js";
import { deferLocation, documentIn } from "../src/load/yaml.js";
import type { SourceLocation } from "../src/model/facts.js";
import { ValuePool } from "../src/value-pool.js";

const OBJECT: ManifestObject = {
  value: { kind: "Deployment" },
  file: "deploy/a.yaml",
  source: documentIn("kind: Deployment\n", 0),
  path: [],
};

/** A recorder whose places are the path's depth as a line, so that each fact's place can be told apart. */
function recorder(): FactRecorder {
  return new FactRecorder(
    OBJECT,
    (object: ManifestObject, path: Path): SourceLocation => ({ file: object.file, line: path.length, column: 1 }),
  );
}

describe("FactRecorder.compact", () => {
  it("holds equal facts of many workloads once in a pool, and each writes to a copy of its own after", () => {
    const pool = new ValuePool();
    const [a, b] = [recorder(), recorder()];
    for (const r of [a, b]) {
      r.state("replicas", 2, ["spec", "replicas"]);
      r.state("images", ["nova:1"], ["spec", "template"]);
      r.compact(pool);
    }
    expect(b.facts).toBe(a.facts);
    expect(Object.isFrozen(a.facts)).toBe(true);
    a.set("replicas", 3);
    a.assume("hasPdb", false, ["spec"]);
    b.stateLike("minReplicas", 2, "replicas");
    expect(a.facts).toEqual({ replicas: 3, images: ["nova:1"], hasPdb: false });
    expect(b.facts).toEqual({ replicas: 2, images: ["nova:1"], minReplicas: 2 });
    expect(b.locations["deployment.minReplicas"]).toBe(b.locations["deployment.replicas"]);
  });

  it("keeps every fact and place, in order and the same values, in records of its own", () => {
    const r = recorder();
    // More than a dozen facts set by computed name, as a workload's reading sets them.
    for (let i = 0; i < 20; i++)
      r.state(
        `stated${i}`,
        i,
        Array.from({ length: i }, () => "x"),
      );
    for (let i = 0; i < 5; i++) r.assume(`assumed${i}`, false, ["spec"]);
    const { facts, locations } = r;
    const places = Object.values(locations);
    r.compact();
    expect(r.facts).not.toBe(facts);
    expect(r.locations).not.toBe(locations);
    expect(Object.entries(r.facts)).toEqual(Object.entries(facts));
    expect(Object.keys(r.locations)).toEqual(Object.keys(locations));
    // The same place objects: those still to be located are filled in where the records point.
    Object.values(r.locations).forEach((place, i) => {
      expect(place).toBe(places[i]);
    });
  });

  it("reads on into the compact records: later facts join them, and a partial object drops what it does not state", () => {
    const r = recorder();
    for (let i = 0; i < 14; i++) r.state(`stated${i}`, i, ["spec"]);
    r.assume("assumed", true, ["spec", "template"]);
    r.compact();
    r.state("later", "yes", ["spec", "template", "spec"]);
    r.stateLike("likeLater", "also", "later");
    expect(r.facts).toMatchObject({ later: "yes", likeLater: "also", assumed: true });
    expect(r.locations["deployment.likeLater"]).toBe(r.locations["deployment.later"]);
    r.keepStated();
    expect(Object.keys(r.facts)).toEqual([...Array.from({ length: 14 }, (_, i) => `stated${i}`), "later", "likeLater"]);
    expect(r.locations["deployment.assumed"]).toBeUndefined();
    expect(r.locations["deployment.later"]).toEqual({ file: "deploy/a.yaml", line: 3, column: 1 });
  });
});

describe("sharePlaces", () => {
  it("makes places of the same file, line and column one object, and leaves every other place as it was", () => {
    const deferred = deferLocation("deploy/a.yaml", () => ({ line: 3, column: 5 }));
    const alsoDeferred = deferLocation("deploy/a.yaml", () => ({ line: 3, column: 5 }));
    const record: Record<string, SourceLocation> = {
      kind: { file: "deploy/a.yaml", line: 1, column: 1 },
      name: { file: "deploy/a.yaml", line: 3, column: 5 },
      sameAsKind: { file: "deploy/a.yaml", line: 1, column: 1 },
      otherFile: { file: "deploy/b.yaml", line: 1, column: 1 },
      otherColumn: { file: "deploy/a.yaml", line: 1, column: 2 },
      deferred,
      alsoDeferred,
      sameAsName: { file: "deploy/a.yaml", line: 3, column: 5 },
    };
    const before = { ...record };
    sharePlaces(record);
    expect(Object.keys(record)).toEqual(Object.keys(before));
    expect(record.sameAsKind).toBe(before.kind);
    expect(record.sameAsName).toBe(before.name);
    for (const key of ["kind", "name", "otherFile", "otherColumn", "deferred", "alsoDeferred"]) expect(record[key]).toBe(before[key]);
    expect(record.deferred).not.toBe(record.alsoDeferred);
    // Every key still says where it said.
    expect(JSON.stringify(record)).toBe(JSON.stringify(before));
  });

  it("keeps places apart whose line and column only add up to the same key", () => {
    const record: Record<string, SourceLocation> = {
      a: { file: "f", line: 1, column: 0 },
      b: { file: "f", line: 0, column: 2 ** 21 },
    };
    const before = { ...record };
    sharePlaces(record);
    expect(record.b).toBe(before.b);
    expect(record.a).toBe(before.a);
  });
});
