import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadInputs } from "../src/load/inputs.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** A profile of the user's own, for a service the built-in catalog does not have: `demo-api`. */
function demoProfile(kindLine = "kind: ServiceProfile"): string {
  return readFileSync(join(import.meta.dirname, "../fixtures/services/keystone-api.yaml"), "utf8")
    .replace("kind: ServiceProfile", kindLine)
    .replace("name: keystone-api", "name: demo-api")
    .replace("project: keystone", "project: demo")
    .replace("aliases: [keystone, keystone-api]", "aliases: [demo-api]");
}

const demoDeployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo-api
  labels: {application: demo, component: api}
spec:
  replicas: 2
  selector:
    matchLabels: {application: demo, component: api}
  template:
    metadata:
      labels: {application: demo, component: api}
    spec:
      containers:
        - name: demo-api
          image: example.org/demo/api:1.0
`;

/** Each workload's name and the service it was matched to. */
function servicesOf(inputs: ReturnType<typeof loadInputs>): Record<string, string | undefined> {
  return Object.fromEntries(inputs.extracted.workloads.map((w) => [w.workload.name, w.service]));
}

describe("artifacts read with blendcheck's documents", () => {
  // The profile sorts before the manifest, after it, and (its kind escaped) where no look at its text tells what it holds.
  it.each([
    ["a-profile.yaml", "kind: ServiceProfile"],
    ["z-profile.yaml", "kind: ServiceProfile"],
    ["z-profile.yaml", 'kind: "\\x53erviceProfile"'],
  ])("matches a workload to a service that %s (%s) of the user's files adds", (name, kindLine) => {
    const dir = tempDir("blendcheck-extract-as-read-");
    writeFileSync(join(dir, name), demoProfile(kindLine));
    writeFileSync(join(dir, "m-demo.yaml"), demoDeployment);
    const inputs = loadInputs({ paths: ["."], cwd: dir });

    expect(inputs.problems).toEqual([]);
    expect(inputs.profiles.map((p) => p.value.metadata.name)).toContain("demo-api");
    expect(servicesOf(inputs)).toEqual({ "demo-api": "demo-api" });
  });

  it("without the user's profile, the same workload is the catalog's to match or not", () => {
    const dir = tempDir("blendcheck-extract-as-read-");
    writeFileSync(join(dir, "m-demo.yaml"), demoDeployment);
    expect(servicesOf(loadInputs({ paths: ["."], cwd: dir }))["demo-api"]).not.toBe("demo-api");
  });

  it("reads the manifests of standard input with those of the files", () => {
    const dir = tempDir("blendcheck-extract-as-read-");
    writeFileSync(join(dir, "keystone.yaml"), keystoneDeployment({ name: "keystone-file" }));
    const inputs = loadInputs({ paths: ["-", "."], cwd: dir, stdin: keystoneDeployment({ name: "keystone-stdin" }) });

    expect(servicesOf(inputs)).toEqual({ "keystone-file": "keystone-api", "keystone-stdin": "keystone-api" });
  });
});
