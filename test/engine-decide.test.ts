import { describe, expect, it } from "vitest";
import { decideRule, evaluateRules, factKeyEntries, factKeyOf, type KeyEntry } from "../src/engine/evaluate.js";
import { placement, rule, service } from "./helpers/engine-subjects.js";

describe("decideRule for workloads without a profile and for jobs", () => {
  it("decides a rule that reads the manifest or an oslo file for a generic workload, and no other rule", () => {
    const generic = { generic: true };
    const manifest = rule("true", "service.deployment.replicas < 2");
    const oslo = rule("true", "service.oslo.workers < 2", "termination/oslo");
    const process = rule("true", "service.process.sigterm == 'ignore'", "termination/process");
    expect(decideRule(manifest, service({ deployment: { replicas: 1 } }, generic), placement())).toEqual({ status: "fail" });
    expect(decideRule(oslo, service({ oslo: { workers: 4 } }, generic), placement())).toEqual({ status: "pass" });
    expect(decideRule(process, service({ process: { sigterm: "ignore" } }, generic), placement())).toEqual({ status: "not-applicable" });
    expect(decideRule(process, service({ process: { sigterm: "ignore" } }), placement())).toEqual({ status: "fail" });
  });

  it("makes a generic workload's rule not-applicable when only facts a profile knows are missing, and unknown when its own are", () => {
    const mixed = rule("true", "service.deployment.replicas < 2 && service.role == 'api'", "termination/mixed");
    const generic = { generic: true };
    expect(decideRule(mixed, service({ deployment: { replicas: 1 } }, generic), placement())).toEqual({ status: "not-applicable" });
    const own = rule("true", "service.deployment.replicas < 2", "termination/own");
    expect(decideRule(own, service({ deployment: {} }, generic), placement())).toEqual({
      status: "unknown",
      missing: ["service.deployment.replicas"],
    });
    expect(decideRule(mixed, service({ deployment: { replicas: 1 } }), placement())).toEqual({
      status: "unknown",
      missing: ["service.role"],
    });
    // A missing placement fact is not service knowledge, and an evaluation error is not a missing fact.
    const grace = rule("true", "service.deployment.graceSeconds > placement.graceSeconds", "termination/grace");
    expect(decideRule(grace, service({ deployment: { graceSeconds: 5 } }, generic), placement())).toMatchObject({ status: "unknown" });
    const broken = rule("true", "service.deployment.replicas < 2", "termination/broken");
    expect(decideRule(broken, service({ deployment: { replicas: "many" } }, generic), placement())).toMatchObject({
      status: "unknown",
      missing: [],
    });
    const host = rule("true", "service.deployment.privileged && !service.host.needsPrivileged", "termination/host");
    expect(decideRule(host, service({ deployment: { privileged: true } }, generic), placement())).toMatchObject({ status: "unknown" });
  });

  it("decides only manifest rules for a job, and never those about keeping a long-running pod available", () => {
    const job = { job: true };
    const image = rule("true", "service.deployment.imagePinned == false", "termination/image");
    const probe = rule("true", "!service.deployment.readinessProbe", "termination/probe");
    const replicas = rule("true", "service.deployment.replicas < 2", "termination/replicas");
    const process = rule("true", "service.process.sigterm == 'ignore'", "termination/process");
    expect(decideRule(image, service({ deployment: { imagePinned: false } }, job), placement())).toEqual({ status: "fail" });
    expect(decideRule(probe, service({ deployment: { readinessProbe: false } }, job), placement())).toEqual({ status: "not-applicable" });
    expect(decideRule(replicas, service({ deployment: { replicas: 1 } }, job), placement())).toEqual({ status: "not-applicable" });
    expect(decideRule(process, service({ process: { sigterm: "ignore" } }, job), placement())).toEqual({ status: "not-applicable" });
    expect(decideRule(probe, service({ deployment: { readinessProbe: false } }), placement())).toEqual({ status: "fail" });
  });
});

describe("factKeyOf", () => {
  it("is equal for subjects whose read facts are equal and differs when one read fact differs", () => {
    const r = rule("service.process.sigterm == 'graceful'", "service.process.shutdownSeconds > placement.graceSeconds", "termination/k");
    const key = (facts: Record<string, unknown>, grace: number) => factKeyOf(r, service(facts), placement({ graceSeconds: grace }));
    const base = key({ process: { sigterm: "graceful", shutdownSeconds: 10 }, other: 1 }, 30);
    expect(key({ process: { sigterm: "graceful", shutdownSeconds: 10 }, other: 2 }, 30)).toBe(base);
    expect(key({ process: { sigterm: "graceful", shutdownSeconds: 11 } }, 30)).not.toBe(base);
    expect(key({ process: { sigterm: "graceful", shutdownSeconds: 10 } }, 31)).not.toBe(base);
    expect(key({ process: { sigterm: "graceful", shutdownSeconds: "10" } }, 30)).not.toBe(base);
    expect(key({ process: { sigterm: "graceful" } }, 30)).not.toBe(base);
    expect(key({ process: { sigterm: "graceful", shutdownSeconds: null } }, 30)).not.toBe(key({ process: { sigterm: "graceful" } }, 30));
  });

  it("tells lists and maps apart by content, and a missing map key from a missing map", () => {
    const r = rule("true", "service.ports.exists(p, p > 1000)", "termination/ports");
    const key = (facts: Record<string, unknown>) => factKeyOf(r, service(facts), placement());
    expect(key({ ports: [1, 2] })).toBe(key({ ports: [1, 2] }));
    expect(key({ ports: [1, 2] })).not.toBe(key({ ports: [2, 1] }));
    const nested = rule("true", "service.a.b.c == 1", "termination/nested");
    const nestedKey = (facts: Record<string, unknown>) => factKeyOf(nested, service(facts), placement());
    expect(nestedKey({ a: {} })).toBe(nestedKey({ a: { x: 1 } }));
    expect(nestedKey({ a: {} })).not.toBe(nestedKey({}));
    expect(nestedKey({ a: { b: "text" } })).not.toBe(nestedKey({ a: { b: "other" } }));
  });
});

describe("evaluateRules", () => {
  it("writes a message for each verdict and sorts findings by rule id", () => {
    const rules = [
      rule("true", "true", "termination/z-fail"),
      rule("true", "false", "termination/a-pass"),
      rule("false", "true", "termination/m-na"),
      rule("true", "service.missing == 1", "termination/u-missing"),
      rule("true", "service.name + 1 == 2", "termination/e-error"),
    ];
    const findings = evaluateRules(rules, service({ name: "svc" }), placement({ title: "P" }));
    expect(findings.map((f) => [f.rule, f.status])).toEqual([
      ["termination/a-pass", "pass"],
      ["termination/e-error", "unknown"],
      ["termination/m-na", "not-applicable"],
      ["termination/u-missing", "unknown"],
      ["termination/z-fail", "fail"],
    ]);
    const byRule = new Map(findings.map((f) => [f.rule, f]));
    expect(byRule.get("termination/a-pass")?.message).toBe("Sample: holds for svc under P");
    expect(byRule.get("termination/m-na")?.message).toBe("Sample: does not apply to svc");
    expect(byRule.get("termination/u-missing")?.message).toBe("Sample: not known for svc (missing fact service.missing)");
    expect(byRule.get("termination/u-missing")?.missing).toEqual(["service.missing"]);
    expect(byRule.get("termination/e-error")?.message).toMatch(/^Sample: could not be decided for svc \(.+\)$/);
    expect(byRule.get("termination/z-fail")?.message).toBe("svc fails under P");
    expect(byRule.get("termination/a-pass")).not.toHaveProperty("missing");
    expect(byRule.get("termination/z-fail")).toMatchObject({ severity: "high", dimension: "termination", trigger: "sigkill", effort: 2 });
  });

  it("hands back each rule's fact key entry when asked: the same for the same facts read, another for others", () => {
    const r = rule("true", "service.x == 1", "termination/x");
    const keys = new Map<string, KeyEntry>();
    evaluateRules([r], service({ x: 1 }), placement(), undefined, keys);
    expect(keys.get("termination/x")).toBeDefined();
    expect(keys.get("termination/x")).toBe(factKeyEntries([r], service({ x: 1, unread: 2 }), placement()).get("termination/x"));
    expect(keys.get("termination/x")).not.toBe(factKeyEntries([r], service({ x: 2 }), placement()).get("termination/x"));
  });
});

describe("evaluateRules' passing and not-applicable findings", () => {
  const rules = [rule("true", "service.deployment.replicas < 2", "termination/replicas"), rule("false", "true", "termination/never")];
  const subject = (name: string, replicas: number) => service({ name, deployment: { replicas } }, { name });
  const other = { ...placement(), name: "q", title: "Q" } as ReturnType<typeof placement>;

  it("are one frozen finding for every workload of a service under a placement, since they name no workload and cite nothing", () => {
    const [firstSkip, firstPass] = evaluateRules(rules, subject("keystone", 3), placement());
    const [secondSkip, secondPass] = evaluateRules(rules, subject("keystone", 4), placement());
    expect(firstPass).toMatchObject({ status: "pass", service: "keystone", placement: "p", message: "Sample: holds for keystone under P" });
    expect(firstSkip).toMatchObject({
      status: "not-applicable",
      service: "keystone",
      placement: "p",
      message: "Sample: does not apply to keystone",
    });
    expect(secondPass).toBe(firstPass);
    expect(secondSkip).toBe(firstSkip);
    expect(Object.isFrozen(firstPass)).toBe(true);
  });

  it("are a service's and a placement's own, and a failure is each workload's", () => {
    const [, pass] = evaluateRules(rules, subject("keystone", 3), placement());
    const [skipped, elsewhere] = evaluateRules(rules, subject("keystone", 3), other);
    const [, glance] = evaluateRules(rules, subject("glance-api", 3), placement());
    expect(elsewhere).toMatchObject({ placement: "q", message: "Sample: holds for keystone under Q" });
    expect(skipped).toMatchObject({ placement: "q", status: "not-applicable" });
    expect(glance).toMatchObject({ service: "glance-api", message: "Sample: holds for glance-api under P" });
    expect(new Set([pass, elsewhere, glance]).size).toBe(3);
    const [, failing] = evaluateRules(rules, subject("keystone", 1), placement());
    const [, again] = evaluateRules(rules, subject("keystone", 1), placement());
    expect(failing).toMatchObject({ status: "fail" });
    expect(again).not.toBe(failing);
  });
});
