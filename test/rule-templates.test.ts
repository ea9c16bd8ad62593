import { describe, expect, it } from "vitest";
import { type CelMap, toCelValue } from "../src/engine/cel.js";
import { decideRule } from "../src/engine/evaluate.js";
import type { PlacementSubject, ServiceSubject } from "../src/engine/subject.js";
import { loadDocuments } from "../src/load/documents.js";
import { loadInputs } from "../src/load/inputs.js";
import { ROOT } from "./helpers/cli.js";

const template = `apiVersion: blendcheck/v1
kind: RuleTemplate
id: advertised-address-stable
description: An advertised address is no IP literal where IPs change.
params:
  - name: option
    description: The option fragment.
    type: string
when: has(service.network.advertises) && service.network.advertises.exists(a, has(a.option) && a.option.contains({{params.option}}))
fails: service.network.advertises.exists(a, has(a.option) && a.option.contains({{params.option}}) && a.addressing == "ip-literal") && !placement.ipStable
`;

const head = (id: string) => `apiVersion: blendcheck/v1
kind: Rule
id: ${id}
title: The address stays valid
dimension: ip-movement
severity: high
trigger: ip-change
`;
const tail = `message: m
rationale: It matters for the test.
remediation: Change it for the test.
effort: 3
references: [{title: t, url: 'https://kubernetes.io/'}]
`;

const templated = `${head("ip-movement/templated")}template: advertised-address-stable\nparams:\n  option: my_ip\n${tail}`;
const expanded = `${head("ip-movement/expanded")}when: has(service.network.advertises) && service.network.advertises.exists(a, has(a.option) && a.option.contains("my_ip"))
fails: service.network.advertises.exists(a, has(a.option) && a.option.contains("my_ip") && a.addressing == "ip-literal") && !placement.ipStable
${tail}`;

const subject = (facts: Record<string, unknown>) => ({ name: "svc", facts, cel: toCelValue(facts) as CelMap }) as unknown as ServiceSubject;
const where = (ipStable: boolean) =>
  ({ name: "p", title: "P", facts: { ipStable }, cel: toCelValue({ ipStable }) as CelMap }) as unknown as PlacementSubject;

describe("rule templates", () => {
  const loaded = loadDocuments([
    { file: "rules/templates/advertised-address-stable.yaml", text: template },
    { file: "rules/ip-movement/templated.yaml", text: templated },
    { file: "rules/ip-movement/expanded.yaml", text: expanded },
  ]);

  it("load without problems", () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.rules.map((r) => r.rule.id)).toEqual(["ip-movement/templated", "ip-movement/expanded"]);
  });

  it("give a templated rule the verdicts of its expanded form", () => {
    const [viaTemplate, written] = loaded.rules;
    if (!viaTemplate || !written) throw new Error("rules not loaded");
    const services = [
      { network: { advertises: [{ what: "own IP", option: "[DEFAULT] my_ip", addressing: "ip-literal" }] } },
      { network: { advertises: [{ what: "own IP", option: "[DEFAULT] my_ip", addressing: "dns-name" }] } },
      { network: { advertises: [{ what: "console", option: "[vnc] server_listen", addressing: "ip-literal" }] } },
      { network: {} },
      {},
    ];
    const verdicts = services.flatMap((facts) =>
      [false, true].map((ipStable) => [
        decideRule(viaTemplate, subject(facts), where(ipStable)).status,
        decideRule(written, subject(facts), where(ipStable)).status,
      ]),
    );
    for (const [a, b] of verdicts) expect(a).toBe(b);
    expect(new Set(verdicts.map(([a]) => a))).toEqual(new Set(["fail", "pass", "not-applicable", "unknown"]));
  });

  it("report an unknown template and a missing or unknown parameter where they are written", () => {
    const bad = loadDocuments([
      { file: "rules/templates/advertised-address-stable.yaml", text: template },
      { file: "rules/ip-movement/a.yaml", text: `${head("ip-movement/a")}template: no-such-template\n${tail}` },
      {
        file: "rules/ip-movement/b.yaml",
        text: `${head("ip-movement/b")}template: advertised-address-stable\nparams:\n  opton: vnc\n${tail}`,
      },
    ]);
    expect(bad.problems.map((p) => [p.file, p.line, p.code, p.path])).toEqual([
      ["rules/ip-movement/a.yaml", 8, "unknown-template", "template"],
      ["rules/ip-movement/b.yaml", 10, "missing-param", "params"],
      ["rules/ip-movement/b.yaml", 10, "unknown-param", "params.opton"],
    ]);
    expect(bad.rules).toEqual([]);
  });

  it("serve the built-in address rules, which keep their test cases", () => {
    const inputs = loadInputs({ paths: [], cwd: ROOT });
    const templatedIds = inputs.rules.filter((r) => r.rule.template === "advertised-address-stable").map((r) => r.rule.id);
    expect(templatedIds.sort()).toEqual([
      "ip-movement/designate-mdns-masters-stable",
      "ip-movement/live-migration-address-stable",
      "ip-movement/my-ip-stable",
      "ip-movement/octavia-health-manager-ip-stable",
      "ip-movement/vnc-address-stable",
    ]);
  });
});
