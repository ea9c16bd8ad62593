import { describe, expect, it } from "vitest";
import { collectGarbage } from "../src/cli/collect-garbage.js";
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

describe("FactRecorder.compact with a pool: places packed", () => {
  /** A recorder whose places are its object's own, as a workload's are once its document is scanned: twenty places under forty keys. */
  function locatedRecorder(line: number, file = OBJECT.file): FactRecorder {
    const places = Array.from({ length: 20 }, (_, i) => ({ file, line: line + i, column: 3 + (i % 4) }));
    const r = new FactRecorder(
      OBJECT,
      (object: ManifestObject, path: Path): SourceLocation =>
        object === OBJECT ? (places[path.length % 20] as SourceLocation) : { file: object.file, line: 1, column: 1 },
    );
    for (let i = 0; i < 40; i++)
      r.state(
        `fact${i}`,
        i % 3,
        Array.from({ length: i }, () => "x"),
      );
    return r;
  }

  it("gives back every key in order with the same place, and places that were one object one again", () => {
    const pool = new ValuePool();
    // Past 0xffff, a line takes three units of the packed text.
    for (const line of [1, 300, 70_000]) {
      const r = locatedRecorder(line);
      const before = { ...r.locations };
      r.compact(pool);
      const after = r.locations;
      expect(Object.keys(after)).toEqual(Object.keys(before));
      expect(JSON.stringify(after)).toBe(JSON.stringify(before));
      const keys = Object.keys(before);
      for (const a of keys) for (const b of keys) expect(after[a] === after[b]).toBe(before[a] === before[b]);
    }
  });

  it("keeps two places apart that were two objects at the same line and column", () => {
    const r = new FactRecorder(OBJECT, (): SourceLocation => ({ file: OBJECT.file, line: 4, column: 2 }));
    r.state("a", 1, ["spec"]);
    r.state("b", 2, ["spec"]);
    r.compact(new ValuePool());
    expect(r.locations["deployment.a"]).toEqual(r.locations["deployment.b"]);
    expect(r.locations["deployment.a"]).not.toBe(r.locations["deployment.b"]);
  });

  it("packs a place in another file with the rest, and keeps one yet to be found as it is", () => {
    const r = locatedRecorder(1);
    r.state("fromService", true, ["spec"], { ...OBJECT, file: "deploy/service.yaml" });
    r.state("fromBudget", true, ["spec"]);
    const deferred = deferLocation(OBJECT.file, () => ({ line: 9, column: 1 }));
    r.locations["deployment.fromBudget"] = deferred;
    const before = { ...r.locations };
    r.compact(new ValuePool());
    expect(Object.keys(r.locations)).toEqual(Object.keys(before));
    expect(r.locations["deployment.fromService"]).toEqual({ file: "deploy/service.yaml", line: 1, column: 1 });
    expect(r.locations["deployment.fromBudget"]).toBe(deferred);
    expect(JSON.stringify(r.locations)).toBe(JSON.stringify(before));
  });

  it("reads on after packing: a later fact joins the places, and a partial object drops what it does not state", () => {
    const pool = new ValuePool();
    const [a, b] = [locatedRecorder(10), locatedRecorder(10)];
    a.assume("assumed", true, ["spec"]);
    b.assume("assumed", true, ["spec"]);
    a.compact(pool);
    b.compact(pool);
    a.state("later", "yes", ["spec", "template"]);
    a.keepStated();
    b.keepStated();
    expect(a.locations["deployment.later"]).toEqual({ file: OBJECT.file, line: 12, column: 5 });
    expect(a.locations["deployment.assumed"]).toBeUndefined();
    expect(Object.keys(a.facts)).toEqual([...Array.from({ length: 40 }, (_, i) => `fact${i}`), "later"]);
    // The other workload's list of stated facts, equal until then and held once, is not changed by the first's.
    expect(Object.keys(b.facts)).toEqual(Array.from({ length: 40 }, (_, i) => `fact${i}`));
    expect(b.locations["deployment.later"]).toBeUndefined();
  });

  it("holds a workload's places in a fraction of the room of a record of them", () => {
    const heapUsed = () => {
      collectGarbage();
      return process.memoryUsage().heapUsed;
    };
    const service: ManifestObject = { ...OBJECT, file: "deploy/service.yaml" };
    /** The heap a run's recorders hold once compacted, as its last pass finds them; or with their places read again, as a record. */
    const retained = (readAgain: boolean): number => {
      const pool = new ValuePool();
      let made = Array.from({ length: 3000 }, (_, n) => {
        // Each place made when asked for, as a workload's own locator makes them, so the locator holds none.
        const r = new FactRecorder(
          OBJECT,
          (object: ManifestObject, path: Path): SourceLocation => ({
            file: object.file,
            line: 100 + n + (path.length % 20),
            column: 3,
          }),
        );
        for (let i = 0; i < 40; i++)
          r.state(
            `fact${i}`,
            i % 3,
            Array.from({ length: i }, () => "x"),
          );
        r.state("fromService", true, [], service);
        sharePlaces(r.locations);
        r.compact(pool);
        if (readAgain) expect(Object.keys(r.locations)).toHaveLength(41);
        return r;
      });
      const withThem = heapUsed();
      expect(made).toHaveLength(3000);
      made = [];
      return withThem - heapUsed();
    };
    const asRecords = retained(true);
    const packed = retained(false);
    expect(packed).toBeLessThan(asRecords / 3);
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
