import { describe, expect, it } from "vitest";
import { loadInputs } from "../src/load/inputs.js";
import type { Finding } from "../src/model/assessment.js";
import { effortOf } from "../src/score/score.js";

const inputs = loadInputs({ paths: [], cwd: process.cwd() });
const rules = new Map(inputs.rules.map((r) => [r.rule.id, r.rule]));
const index = new Map(inputs.rules.map((r) => [r.rule.id, { blocking: r.rule.blocking, mechanism: r.rule.mechanism }]));

/** Each deployment rule and the catalog rule that checks the same cause from the profile's facts. */
const SAME_CAUSE: [string, string][] = [
  ["deployment/grace-covers-shutdown", "termination/grace-covers-shutdown"],
  ["deployment/compose-stop-grace", "termination/grace-covers-shutdown"],
  ["deployment/graceful-timeout-bounded", "termination/shutdown-bounded"],
  ["deployment/hostname-identity-stable", "ip-movement/identity-from-hostname"],
  ["deployment/host-network-when-needed", "twelve-factor/no-host-network"],
  ["deployment/host-bound-stays-on-host", "twelve-factor/per-host-process-stays"],
  ["deployment/guests-outside-container", "termination/guests-survive-hypervisor-restart"],
  ["deployment/privileged-only-when-needed", "twelve-factor/runs-unprivileged"],
  ["deployment/coordination-spans-replicas", "termination/locks-exclude-replacement"],
  ["deployment/logs-to-stream", "twelve-factor/logs-to-stream"],
  ["deployment/startup-budget-covers-start", "termination/start-within-liveness-window"],
];

describe("deployment rules share the mechanism of the catalog rule with the same cause", () => {
  it.each(SAME_CAUSE)("%s counts once with %s", (deployment, catalog) => {
    const mechanism = rules.get(catalog)?.mechanism;
    expect(mechanism).toBeDefined();
    expect(rules.get(deployment)?.mechanism).toBe(mechanism);
    const failing = (rule: string, effort: number): Finding => ({
      rule,
      service: "svc",
      placement: "k8s-scheduled",
      status: "fail",
      severity: "high",
      dimension: "termination",
      trigger: "restart",
      effort,
      message: "m",
      locations: [],
    });
    // One cause, one fix: the effort is the larger of the two, not their sum.
    expect(effortOf([failing(deployment, 2), failing(catalog, 3)], index)).toBe(3);
  });

  // A manifest without the host network or host PID namespace the service needs cannot run it at all.
  it.each(["deployment/host-network-when-needed", "deployment/guests-outside-container"])("%s blocks the fit", (id) => {
    expect(rules.get(id)?.blocking).toBe(true);
  });
});
