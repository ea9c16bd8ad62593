import { describe, expect, it } from "vitest";
import { documentChecker, loadDocuments } from "../src/load/documents.js";
import { mergeFacts, resolveLibraries } from "../src/load/libraries.js";
import type { Problem } from "../src/load/problem.js";

const library = `apiVersion: blendcheck/v1
kind: Library
metadata:
  name: rpc-server
  description: An RPC server library.
spec:
  process:
    runtime: oslo.service
    rpc:
      consumer: true
      ackBeforeDispatch: true
  dependencies: [rabbitmq, mariadb-galera]
  evidence:
    - fact: process.rpc.ackBeforeDispatch
      claim: The RPC server acknowledges a message before it dispatches it.
      source: https://docs.openstack.org/oslo.messaging/latest/
`;

const profile = (uses: string) => `apiVersion: blendcheck/v1
kind: ServiceProfile
metadata:
  name: demo-conductor
  project: demo
spec:
  role: conductor
  uses: [${uses}]
  process:
    runtime: python
    rpc:
      consumer: true
      queueKeyedBy: hostname
  dependencies: [rabbitmq]
  evidence:
    - fact: process.runtime
      claim: It runs as a plain Python process.
      source: https://docs.openstack.org/nova/latest/
`;

function load(profileText: string) {
  const loaded = loadDocuments([
    { file: "fixtures/libraries/rpc-server.yaml", text: library },
    { file: "fixtures/services/demo-conductor.yaml", text: profileText },
  ]);
  expect(loaded.problems).toEqual([]);
  const problems: Problem[] = [];
  return { profiles: resolveLibraries(loaded.profiles, loaded.libraries, problems, { checker: documentChecker }), problems };
}

describe("libraries", () => {
  it("merge a library's facts under the profile's: objects key by key, the profile wins, its arrays replace", () => {
    const { profiles, problems } = load(profile("rpc-server"));
    expect(problems).toEqual([]);
    const spec = profiles[0]?.value.spec;
    expect(spec?.process).toEqual({
      runtime: "python",
      rpc: { consumer: true, ackBeforeDispatch: true, queueKeyedBy: "hostname" },
    });
    expect(spec?.dependencies).toEqual(["rabbitmq"]);
    expect(spec?.evidence.map((e) => e.fact)).toEqual(["process.rpc.ackBeforeDispatch", "process.runtime"]);
  });

  it("report an unknown library at its position in `spec.uses`", () => {
    const { profiles, problems } = load(profile("rpc-server, no-such-lib"));
    expect(problems).toEqual([
      expect.objectContaining({
        file: "fixtures/services/demo-conductor.yaml",
        line: 8,
        column: 22,
        code: "unknown-library",
        path: "spec.uses.1",
        message: "expected the name of a Library (rpc-server), got no-such-lib",
      }),
    ]);
    expect(profiles[0]?.value.spec.process?.rpc?.ackBeforeDispatch).toBeUndefined();
  });

  it("report a merge that leaves the profile invalid at `spec.uses`, in the profile's file, and keep the profile as it was", () => {
    // A library may state part of an object; merged into a profile without that object, the rest is missing.
    const partial = [
      "apiVersion: blendcheck/v1",
      "kind: Library",
      "metadata:",
      "  name: tooz",
      "  description: Distributed locks through tooz.",
      "spec:",
      "  coordination:",
      '    option: "[coordination] backend_url"',
      "  evidence: []",
      "",
    ].join("\n");
    const loaded = loadDocuments([
      { file: "fixtures/libraries/tooz.yaml", text: partial },
      { file: "fixtures/services/demo-conductor.yaml", text: profile("tooz") },
    ]);
    expect(loaded.problems).toEqual([]);
    const problems: Problem[] = [];
    const profiles = resolveLibraries(loaded.profiles, loaded.libraries, problems, { checker: documentChecker });
    expect(problems).toEqual([
      {
        file: "fixtures/services/demo-conductor.yaml",
        line: 8,
        column: 9,
        severity: "error",
        code: "invalid-library-merge",
        path: "spec.coordination.locks",
        message: 'with its libraries: expected "none" | "file" | "tooz-distributed" | "database" | "process", got nothing',
      },
    ]);
    expect(profiles[0]?.value).toBe(loaded.profiles[0]?.value);
  });

  it("never write a __proto__ key while merging", () => {
    const over = JSON.parse('{"a": {"__proto__": {"polluted": true}, "b": 1}}') as Record<string, unknown>;
    const merged = mergeFacts({ a: { c: 2 } }, over) as { a: Record<string, unknown> };
    expect(merged.a).toEqual({ b: 1, c: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
