import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
// @ts-expect-error: the benchmark's generator is plain JavaScript.
import { generateEstate } from "../bench/generate.mjs";
import { assess } from "../src/assess.js";
import * as cel from "../src/engine/cel.js";
import * as evaluate from "../src/engine/evaluate.js";
import { loadInputs } from "../src/load/inputs.js";
import { renderJson } from "../src/report/json.js";
import { tempDir } from "./helpers/cli.js";
import { keystoneDeployment } from "./helpers/manifests.js";

// Counts the (workload, placement) pairs decided, to see that workloads of one class share.
vi.mock("../src/engine/evaluate.js", async (original) => {
  const module = await original<typeof import("../src/engine/evaluate.js")>();
  return { ...module, evaluateRuleRow: vi.fn(module.evaluateRuleRow) };
});

// Counts the values converted for CEL, to see that a workload whose class was decided is not converted.
vi.mock("../src/engine/cel.js", async (original) => {
  const module = await original<typeof import("../src/engine/cel.js")>();
  return { ...module, toCelValue: vi.fn(module.toCelValue) };
});

const tool = { name: "blendcheck", version: "test" };

/** A keystone api Deployment whose image tag and environment differ with `index`. */
function keystone(index: number): string {
  const env = Object.fromEntries(Array.from({ length: index + 1 }, (_, i) => [`VAR_${i}`, String(index)]));
  return keystoneDeployment({ name: `keystone-api-${index}`, image: `quay.io/airshipit/keystone:2024.${index}`, env });
}

/** The JSON of one assessment of `paths`, how many pairs it decided, and how many values it converted for CEL. */
function assessed(paths: string[], cwd: string, decideEachWorkload: boolean): { json: string; decided: number; converted: number } {
  const inputs = loadInputs({ paths, cwd });
  const counted = vi.mocked(evaluate.evaluateRuleRow);
  const conversions = vi.mocked(cel.toCelValue);
  counted.mockClear();
  conversions.mockClear();
  const json = renderJson(assess(inputs, { tool, baseDir: cwd, includeNotApplicable: true, decideEachWorkload }));
  return { json, decided: counted.mock.calls.length, converted: conversions.mock.calls.length };
}

describe("workloads of one class share an evaluation, and the assessment stays what each workload gives alone", () => {
  it("decides once the workloads that differ only in their names, images and environment, which no rule reads", () => {
    const dir = tempDir("blendcheck-classes-");
    mkdirSync(join(dir, "deploy"));
    writeFileSync(join(dir, "deploy", "keystone.yaml"), Array.from({ length: 12 }, (_, i) => keystone(i)).join("---\n"));
    const shared = assessed(["deploy"], dir, false);
    const alone = assessed(["deploy"], dir, true);
    expect(shared.json).toBe(alone.json);
    expect(JSON.parse(shared.json).services).toHaveLength(12);
    expect(shared.decided * 12).toBe(alone.decided);
    // The eleven workloads after the first are neither evaluated nor converted for CEL.
    writeFileSync(join(dir, "deploy", "keystone.yaml"), keystone(0));
    const one = assessed(["deploy"], dir, false);
    expect(one.converted).toBeGreaterThan(0);
    expect(shared.converted).toBe(one.converted);
  });

  it("decides once the workloads whose configurations differ only in host names and in the address they advertise", () => {
    const dir = tempDir("blendcheck-classes-");
    mkdirSync(join(dir, "deploy"));
    // One keystone per namespace, each with its own message queue, database and cache hosts and its own literal my_ip.
    const region = (namespace: string, address: string) => `${keystoneDeployment({ name: "keystone-api", namespace })}---
apiVersion: v1
kind: ConfigMap
metadata: {name: keystone-etc, namespace: ${namespace}}
data:
  keystone.conf: |
    [DEFAULT]
    my_ip = ${address}
    transport_url = rabbit://keystone:secret@rabbitmq.${namespace}.svc.cluster.local:5672/keystone
    [database]
    connection = mysql+pymysql://keystone:secret@mariadb.${namespace}.svc.cluster.local/keystone
    [cache]
    memcache_servers = memcached.${namespace}.svc.cluster.local:11211
`;
    writeFileSync(join(dir, "deploy", "a.yaml"), region("region-a", "10.0.0.11"));
    writeFileSync(join(dir, "deploy", "b.yaml"), region("region-b", "10.0.1.12"));
    const shared = assessed(["deploy"], dir, false);
    const alone = assessed(["deploy"], dir, true);
    expect(shared.json).toBe(alone.json);
    expect(shared.decided * 2).toBe(alone.decided);
    // Each workload's message shows its own address.
    const file = JSON.parse(shared.json);
    const messages = (file.findings as { rule: string; placement: string; workload: string; message: string }[])
      .filter((f) => f.rule === "deployment/my-ip-follows-container" && f.placement === "k8s-scheduled")
      .map((f) => `${file.workloads[f.workload].namespace}: ${f.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^region-a: .*my_ip = 10\.0\.0\.11/),
      expect.stringMatching(/^region-b: .*my_ip = 10\.0\.1\.12/),
    ]);
  });

  it("gives the same assessment for a generated estate", () => {
    const dir = tempDir("blendcheck-classes-");
    generateEstate(join(dir, "estate"), 200);
    const shared = assessed(["estate"], dir, false);
    const alone = assessed(["estate"], dir, true);
    expect(shared.json).toBe(alone.json);
    expect(shared.decided).toBeLessThan(alone.decided);
  });

  const corpus = "../shared/corpus";
  it.skipIf(!existsSync(corpus))("gives the same assessment for the real deployment files of the shared corpus", () => {
    const shared = assessed([corpus], process.cwd(), false);
    const alone = assessed([corpus], process.cwd(), true);
    expect(shared.json).toBe(alone.json);
    expect(shared.decided).toBeLessThan(alone.decided);
  });
});
