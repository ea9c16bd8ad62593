import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readUrlHosts } from "../src/extract/oslo/extract-oslo-facts.js";
import { loadInputs } from "../src/load/inputs.js";
import { locatePath } from "../src/load/yaml.js";
import { tempDir } from "./helpers/cli.js";
import { heldStrings } from "./helpers/collect-garbage.js";
import { keystoneDeployment } from "./helpers/manifests.js";

/** A file's text with the marker in a comment of its own, which no fact or document kept quotes. */
function fileWithMarker(halves: readonly [string, string]): string {
  return `# ${halves.join("")}\n${keystoneDeployment({ name: "keystone-api" })}`;
}

describe("the texts the locators keep", () => {
  it("keep a text once a place is located in it", () => {
    const halves = ["located-text-", "9d41"] as const;
    expect(locatePath(fileWithMarker(halves), 0, ["kind"]).line).toBeGreaterThan(1);
    expect(heldStrings(halves)).toBe(1);
  });

  it("are let go once a run's files are read", () => {
    const halves = ["read-file-", "5c1e"] as const;
    const dir = tempDir("forget-texts-");
    writeFileSync(join(dir, "keystone.yaml"), fileWithMarker(halves));
    const inputs = loadInputs({ paths: [dir], cwd: dir });
    expect(inputs.extracted.workloads).toHaveLength(1);
    expect(inputs.extracted.workloads[0]?.workload.line).toBeGreaterThan(1);
    expect(heldStrings(halves)).toBe(0);
  });
});

describe("readUrlHosts", () => {
  it("gives hosts that do not hold the URL they were cut from", () => {
    // The URL is made from two halves of its password in a function of its own, which is gone when
    // the heap is searched: only a string cut from the URL holds the password whole.
    const halves = ["secret-", "4b7e"] as const;
    const read = () => readUrlHosts(`rabbit://nova:${halves[0]}${halves[1]}@rabbitmq-0.rabbitmq.openstack.svc.cluster.local:5672/nova`);
    const hosts = read();
    expect(hosts).toEqual([{ host: "rabbitmq-0.rabbitmq.openstack.svc.cluster.local", ipLiteral: false }]);
    expect(heldStrings(halves)).toBe(0);
  });
});
