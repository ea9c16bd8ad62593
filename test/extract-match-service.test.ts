import { describe, expect, it } from "vitest";
import type { ServiceIndex } from "../src/extract/artifact-facts.js";
import {
  hasJinja,
  matchService,
  matchServiceLoosely,
  readCommandName,
  readImageName,
  resolveComposeVariables,
} from "../src/extract/match-service.js";

const INDEX: ServiceIndex = {
  names: new Map([
    ["nova-compute", "nova-compute"],
    ["placement-api", "placement-api"],
    ["keystone-api", "keystone-api"],
    ["keystone", "keystone-api"],
    ["rabbitmq", "rabbitmq"],
  ]),
  byProject: new Map(),
  byRole: new Map([
    ["messaging", ["rabbitmq"]],
    ["cache", ["memcached", "redis"]],
  ]),
};

describe("matchService", () => {
  it("takes the first candidate the index knows, lower-cased and with _ read as -, saying which one matched", () => {
    expect(matchService([undefined, "", "unknown", "Nova_Compute", "keystone"], INDEX)).toEqual({
      service: "nova-compute",
      via: "Nova_Compute",
    });
    expect(matchService(["KEYSTONE"], INDEX)).toEqual({ service: "keystone-api", via: "KEYSTONE" });
  });

  it("skips Jinja templates and answers nothing when no candidate is known", () => {
    expect(matchService(["{{ nova-compute }}", "{% if %}nova-compute"], INDEX)).toBeUndefined();
    expect(matchService(["nova-api"], INDEX)).toBeUndefined();
    expect(matchService([], INDEX)).toBeUndefined();
  });
});

describe("matchServiceLoosely", () => {
  it("prefers an exact match, then drops leading parts but never trailing ones", () => {
    expect(matchServiceLoosely(["nova-placement-api", "keystone"], INDEX)).toEqual({ service: "keystone-api", via: "keystone" });
    expect(matchServiceLoosely(["nova-placement-api"], INDEX)).toEqual({ service: "placement-api", via: "nova-placement-api" });
    expect(matchServiceLoosely(["keystone-fernet"], INDEX)).toBeUndefined();
  });

  it("drops host-style numbers and splits on dots, underscores and spaces", () => {
    expect(matchServiceLoosely(["nova.compute01"], INDEX)).toEqual({ service: "nova-compute", via: "nova.compute01" });
    expect(matchServiceLoosely(["my placement_api2"], INDEX)).toEqual({ service: "placement-api", via: "my placement_api2" });
    expect(matchServiceLoosely(["keystone-01"], INDEX)).toEqual({ service: "keystone-api", via: "keystone-01" });
  });

  it("reads a role word as the one catalog service in that role, and not when the role has several", () => {
    expect(matchServiceLoosely(["identity-broker"], INDEX)).toEqual({ service: "rabbitmq", via: "identity-broker" });
    expect(matchServiceLoosely(["identity-cache"], INDEX)).toBeUndefined();
    expect(matchServiceLoosely(["identity-broker"], { ...INDEX, byRole: undefined })).toBeUndefined();
    expect(matchServiceLoosely(["{{ broker }}", undefined, "x-mq"], INDEX)).toEqual({ service: "rabbitmq", via: "x-mq" });
  });

  it("looks at no more than eight parts of a name", () => {
    const long = `${Array.from({ length: 8 }, (_, i) => `p${"x".repeat(i + 1)}`).join("-")}-broker`;
    expect(matchServiceLoosely([long], INDEX)).toBeUndefined();
    const seventh = `${Array.from({ length: 7 }, (_, i) => `p${"x".repeat(i + 1)}`).join("-")}-broker`;
    expect(matchServiceLoosely([seventh], INDEX)).toEqual({ service: "rabbitmq", via: seventh });
  });
});

describe("image and command names", () => {
  it("reads the service from an image reference, without registry, tag, digest or kolla prefix", () => {
    expect(readImageName("quay.io/kolla/centos-binary-nova-compute:2024.1")).toBe("nova-compute");
    expect(readImageName("ubuntu-source-keystone@sha256:abc")).toBe("keystone");
    expect(readImageName("kolla-rabbitmq")).toBe("rabbitmq");
    expect(readImageName("registry:5000/ns/rocky-rdo-glance-api:tag")).toBe("glance-api");
    expect(readImageName("my-centos-binary-thing")).toBe("my-centos-binary-thing");
    expect(readImageName("{{ image }}")).toBeUndefined();
    expect(readImageName("kolla-")).toBeUndefined();
  });

  it("resolves compose variables to their defaults and drops the others", () => {
    // Compose variable syntax, written escaped so it does not read as a template literal slip.
    const v = (body: string) => `$\{${body}}`;
    expect(resolveComposeVariables(`${v("REG:-quay.io")}/nova:${v("TAG-latest")}`)).toBe("quay.io/nova:latest");
    expect(resolveComposeVariables(`${v("REG")}/nova`)).toBe("/nova");
    expect(resolveComposeVariables(`${v("1BAD:-x")}nova`)).toBe("nova");
    expect(resolveComposeVariables("plain")).toBe("plain");
  });

  it("reads the program a command runs, from a list or a string, without .sh or .py", () => {
    expect(readCommandName(["/usr/bin/cinder-volume.sh", "--debug"])).toBe("cinder-volume");
    expect(readCommandName("nova-api.py --config-file x")).toBe("nova-api");
    expect(readCommandName("tool.shx")).toBe("tool.shx");
    expect(readCommandName([42])).toBeUndefined();
    expect(readCommandName({ cmd: "x" })).toBeUndefined();
    expect(readCommandName("/usr/bin/")).toBeUndefined();
  });

  it("recognizes Jinja expressions and statements", () => {
    expect(hasJinja("a {{ b }}")).toBe(true);
    expect(hasJinja("{% if x %}")).toBe(true);
    expect(hasJinja("{ b }")).toBe(false);
  });
});
