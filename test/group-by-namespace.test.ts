import { describe, expect, it } from "vitest";
import { groupByNamespace, type ManifestObject } from "../src/extract/kubernetes/read-workload.js";
import { documentIn } from "../src/load/yaml.js";

function object(name: string, namespace?: string): ManifestObject {
  const metadata = namespace === undefined ? { name } : { name, namespace };
  return { value: { kind: "PodDisruptionBudget", metadata }, file: "f.yaml", source: documentIn("", 0), path: [] };
}

describe("groupByNamespace", () => {
  const objects = [object("a", "nova"), object("b"), object("c", "neutron"), object("d", "nova"), object("e")];
  const lookup = groupByNamespace(objects);
  const names = (namespace: string) =>
    lookup(namespace, "f.yaml")
      .map((o) => o.value.metadata as { name: string })
      .map((m) => m.name);

  it("gives the objects in the namespace and those that name none, in run order", () => {
    expect(names("nova")).toEqual(["a", "b", "d", "e"]);
    expect(names("neutron")).toEqual(["b", "c", "e"]);
    expect(names("glance")).toEqual(["b", "e"]);
  });

  it("gives every object to a workload that names no namespace", () => {
    expect(names("")).toEqual(["a", "b", "c", "d", "e"]);
  });
});
