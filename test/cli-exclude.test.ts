import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isCoveredBy } from "../src/gate/waivers.js";
import { compileGlobs, matchesGlobs } from "../src/load/glob.js";
import { describeSuggestion, suggestName } from "../src/load/suggest.js";
import { sampleFinding } from "./gate-sample.js";
import { tempDir } from "./helpers/cli.js";
import { runCliInProcess } from "./helpers/cli-in-process.js";

/** A Deployment of `application`/`component` with a selector, as openstack-helm labels it. */
function deployment(name: string, application: string, component: string): string {
  const labels = `{application: ${application}, component: ${component}}`;
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: ${labels}\n  template:\n    metadata:\n      labels: ${labels}\n    spec:\n      containers:\n        - name: ${name}\n          image: docker.io/openstackhelm/${application}:2024.1\n`;
}

function servicesIn(file: string): string[] {
  return JSON.parse(readFileSync(file, "utf8")).services.map((s: { name: string }) => s.name);
}

describe("scanning a tree", () => {
  it("leaves out files and folders matching --exclude (repeatable, real globs)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "deploy", "staging"), { recursive: true });
    writeFileSync(join(dir, "deploy", "keystone.yaml"), deployment("keystone-api", "keystone", "api"));
    writeFileSync(join(dir, "deploy", "staging", "glance.yaml"), deployment("glance-api", "glance", "api"));
    writeFileSync(join(dir, "deploy", "nova.yml"), deployment("nova-api", "nova", "api"));
    const all = await runCliInProcess(["assess", "deploy", "--format", "json", "--out", "all"], { cwd: dir });
    expect(all.code, all.stderr).toBe(0);
    expect(servicesIn(join(dir, "all", "blendcheck.json"))).toEqual(["glance-api", "keystone-api", "nova-api"]);
    const some = await runCliInProcess(
      ["assess", "deploy", "--exclude", "deploy/staging/**", "--exclude", "*.yml", "--format", "json", "--out", "some"],
      {
        cwd: dir,
      },
    );
    expect(some.code, some.stderr).toBe(0);
    expect(servicesIn(join(dir, "some", "blendcheck.json"))).toEqual(["keystone-api"]);
  });

  it("never reads the output folder back when scanning the tree that holds it", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "keystone.yaml"), deployment("keystone-api", "keystone", "api"));
    mkdirSync(join(dir, "reports"));
    // A manifest left in the output folder stands for anything an earlier run wrote there.
    writeFileSync(join(dir, "reports", "glance.yaml"), deployment("glance-api", "glance", "api"));
    const run = await runCliInProcess(["gate", ".", "--format", "json", "--out", "reports"], { cwd: dir });
    expect([0, 1]).toContain(run.code);
    expect(servicesIn(join(dir, "reports", "blendcheck.json"))).toEqual(["keystone-api"]);
  });
});

describe("globs", () => {
  it("match service names and paths as picomatch does, beyond a lone star", () => {
    expect(matchesGlobs("nova-api", ["nova-*"])).toBe(true);
    expect(matchesGlobs("nova-api", ["{nova,glance}-api"])).toBe(true);
    expect(matchesGlobs("neutron-l3-agent", ["neutron-l?-agent"])).toBe(true);
    expect(matchesGlobs("neutron-l3-agent", ["nova-*"])).toBe(false);
    expect(matchesGlobs("anything", [])).toBe(true);
    expect(compileGlobs([])("anything")).toBe(false);
    expect(compileGlobs(["charts/**/tests/**"])("charts/nova/templates/tests/pod.yaml")).toBe(true);
    expect(compileGlobs(["*.json"])("reports/old/a.json")).toBe(true);
  });

  it("match waiver service globs the same way", () => {
    const waiver = {
      rule: "ip-movement/identity-from-hostname",
      service: "{demo,nova}-work?r",
      reason: "r",
      owner: "o",
      expires: "2099-01-01",
    };
    expect(isCoveredBy(sampleFinding(), waiver)).toBe(true);
    expect(isCoveredBy(sampleFinding({ service: "other-worker" }), waiver)).toBe(false);
  });
});

describe("suggestions", () => {
  it("suggests a close name, a name the input starts, and nothing for a far one", () => {
    expect(suggestName("k8s-schedulled", ["poci", "k8s-scheduled", "k8s-pinned"])).toBe("k8s-scheduled");
    expect(suggestName("jsn", ["html", "json", "md"])).toBe("json");
    expect(suggestName("k8s", ["poci", "k8s-scheduled", "k8s-pinned"])).toBe("k8s-pinned");
    expect(suggestName("zzzzzz", ["poci", "swarm"])).toBeUndefined();
    expect(describeSuggestion("zzzzzz", ["poci"])).toBe("");
    expect(describeSuggestion("poic", ["poci"])).toBe("; did you mean poci?");
  });
});
