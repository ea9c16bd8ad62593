import { describe, expect, it } from "vitest";
import { matchesLabelMap, selectsLabels } from "../src/extract/kubernetes/label-selector.js";
import { placementOverridesFrom } from "../src/extract/placement-overrides.js";
import type { DeploymentFacts } from "../src/model/facts.js";

const POD = { app: "nova", tier: "api" };

describe("selectsLabels (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors)", () => {
  it("selects everything with an empty selector and nothing without one", () => {
    expect(selectsLabels({}, POD)).toBe(true);
    expect(selectsLabels(undefined, POD)).toBe(false);
    expect(selectsLabels(null, POD)).toBe(false);
    expect(selectsLabels("app=nova", POD)).toBe(false);
  });

  it("needs every matchLabels pair to match", () => {
    expect(selectsLabels({ matchLabels: { app: "nova" } }, POD)).toBe(true);
    expect(selectsLabels({ matchLabels: { app: "nova", tier: "db" } }, POD)).toBe(false);
    expect(selectsLabels({ matchLabels: { zone: "a" } }, POD)).toBe(false);
  });

  it("reads In, NotIn, Exists and DoesNotExist, and an unknown operator selects nothing", () => {
    const expr = (operator: string, key = "tier", values?: unknown[]) => ({
      matchExpressions: [{ key, operator, ...(values ? { values } : {}) }],
    });
    expect(selectsLabels(expr("In", "tier", ["api", "db"]), POD)).toBe(true);
    expect(selectsLabels(expr("In", "tier", ["db"]), POD)).toBe(false);
    expect(selectsLabels(expr("In", "zone", ["undefined"]), POD)).toBe(false);
    expect(selectsLabels(expr("NotIn", "tier", ["db"]), POD)).toBe(true);
    expect(selectsLabels(expr("NotIn", "tier", ["api"]), POD)).toBe(false);
    expect(selectsLabels(expr("NotIn", "zone", ["a"]), POD)).toBe(true);
    expect(selectsLabels(expr("NotIn", "zone", [""]), POD)).toBe(true);
    expect(selectsLabels(expr("In", "zone", [""]), POD)).toBe(false);
    expect(selectsLabels(expr("Exists"), POD)).toBe(true);
    expect(selectsLabels(expr("Exists", "zone"), POD)).toBe(false);
    expect(selectsLabels(expr("DoesNotExist", "zone"), POD)).toBe(true);
    expect(selectsLabels(expr("DoesNotExist"), POD)).toBe(false);
    expect(selectsLabels(expr("Gt", "tier", ["a"]), POD)).toBe(false);
    expect(selectsLabels(expr("In", "tier"), POD)).toBe(false);
  });

  it("needs matchLabels and every expression to hold together, reading numbers as strings", () => {
    const selector = {
      matchLabels: { app: "nova" },
      matchExpressions: [
        { key: "tier", operator: "In", values: ["api"] },
        { key: "zone", operator: "DoesNotExist" },
      ],
    };
    expect(selectsLabels(selector, POD)).toBe(true);
    expect(selectsLabels(selector, { ...POD, zone: "a" })).toBe(false);
    expect(selectsLabels({ ...selector, matchLabels: { app: "glance" } }, POD)).toBe(false);
    expect(selectsLabels({ matchExpressions: [{ key: "v", operator: "In", values: [2] }] }, { v: "2" })).toBe(true);
  });
});

describe("matchesLabelMap", () => {
  it("matches when every key is the pod's own label with the same value, numbers read as strings", () => {
    expect(matchesLabelMap({ app: "nova" }, POD)).toBe(true);
    expect(matchesLabelMap({ app: "nova", tier: "db" }, POD)).toBe(false);
    expect(matchesLabelMap({ v: 2 }, { v: "2" })).toBe(true);
    expect(matchesLabelMap({ toString: "x" }, {})).toBe(false);
    expect(matchesLabelMap(undefined, POD)).toBe(false);
  });
});

describe("placementOverridesFrom (https://kubernetes.io/docs/concepts/workloads/pods/#pod-networking)", () => {
  const k8s = (over: Partial<DeploymentFacts>): DeploymentFacts => ({
    source: "kubernetes",
    kind: "Deployment",
    name: "api",
    placement: "k8s-scheduled",
    ...over,
  });

  it("gives a pod on the pod network a new IP and a new name", () => {
    expect(placementOverridesFrom(k8s({ hostNetwork: false }))).toEqual({ hostNetwork: false, ipStable: false, hostnameStable: false });
  });

  it("keeps a host-network pod's IP and name only while it stays on its node", () => {
    expect(placementOverridesFrom(k8s({ hostNetwork: true, kind: "DaemonSet" }))).toEqual({
      hostNetwork: true,
      ipStable: true,
      hostnameStable: true,
    });
    expect(placementOverridesFrom(k8s({ hostNetwork: true, nodePinned: true }))).toEqual({
      hostNetwork: true,
      ipStable: true,
      hostnameStable: true,
    });
    expect(placementOverridesFrom(k8s({ hostNetwork: true, nodePinned: false }))).toEqual({
      hostNetwork: true,
      ipStable: false,
      hostnameStable: false,
    });
    expect(placementOverridesFrom(k8s({ hostNetwork: true }))).toEqual({ hostNetwork: true });
  });

  it("gives a StatefulSet or a set hostname a stable name, and leaves unstated facts alone", () => {
    expect(placementOverridesFrom(k8s({ kind: "StatefulSet", hostNetwork: false }))).toEqual({
      hostNetwork: false,
      ipStable: false,
      hostnameStable: true,
    });
    expect(placementOverridesFrom(k8s({ hostname: "api-0" }))).toEqual({ hostnameStable: true });
    expect(placementOverridesFrom(k8s({}))).toEqual({});
    expect(placementOverridesFrom(k8s({ graceSeconds: 0 }))).toEqual({ graceSeconds: 0 });
  });

  it("moves a container file's defaults only by the facts it states", () => {
    const compose = (over: Partial<DeploymentFacts>) => k8s({ source: "compose", placement: "poci", ...over });
    expect(placementOverridesFrom(compose({ hostNetwork: true, graceSeconds: 30 }))).toEqual({
      graceSeconds: 30,
      hostNetwork: true,
      ipStable: true,
    });
    expect(placementOverridesFrom(compose({ hostNetwork: false }))).toEqual({});
    expect(placementOverridesFrom(compose({ hostname: "h", kind: "StatefulSet" }))).toEqual({ hostnameStable: true });
    expect(placementOverridesFrom(compose({ kind: "StatefulSet" }))).toEqual({});
  });
});
