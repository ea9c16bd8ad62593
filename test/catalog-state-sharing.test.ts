import { describe, expect, it } from "vitest";
import { assess } from "../src/assess.js";
import { loadInputs } from "../src/load/inputs.js";

const inputs = loadInputs({ paths: [], cwd: process.cwd() });
const assessment = assess(inputs, { tool: { name: "blendcheck", version: "test" } });

/** The status of one rule's finding for a catalog service under a placement. */
function statusOf(service: string, placement: string, rule: string) {
  const finding = assessment.findings.find((f) => f.service === service && f.placement === placement && f.rule === rule);
  return { status: finding?.status, mitigation: finding?.mitigation };
}

describe("state that replicas must share, as the catalog states it", () => {
  // Horizon's local-memory sessions are not shared between processes
  // (openstack/horizon:doc/source/admin/sessions.rst), so replicas must move them to memcached.
  it("has horizon's sessions lifted by memcached-backed sessions", () => {
    expect(statusOf("horizon", "k8s-scheduled", "twelve-factor/replicas-share-state")).toEqual({
      status: "mitigated",
      mitigation: "sessions-in-memcached",
    });
  });

  // Caches each process rebuilds from an authoritative store need not be shared.
  it.each(["nova-scheduler", "cinder-scheduler", "nova-metadata", "nova-novncproxy"])(
    "decides %s's process caches as not shared",
    (service) => {
      expect(statusOf(service, "k8s-scheduled", "twelve-factor/replicas-share-state").status).toBe("pass");
    },
  );
});
