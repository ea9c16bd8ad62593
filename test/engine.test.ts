import { describe, expect, it } from "vitest";
import { type CelMap, collectReads, compileCondition, toCelValue } from "../src/engine/cel.js";
import { readPathsOf, serviceFactsKey } from "../src/engine/evaluate.js";
import { renderMessage } from "../src/engine/message.js";

const context = (service: Record<string, unknown>, placement: Record<string, unknown> = {}) => ({
  service: toCelValue(service) as CelMap,
  placement: toCelValue(placement) as CelMap,
});

function compile(source: string) {
  const result = compileCondition(source);
  if (!result.ok) throw new Error(result.message);
  return result.condition;
}

describe("compileCondition", () => {
  it("evaluates to true and false", () => {
    const condition = compile("service.process.shutdownSeconds > placement.graceSeconds");
    expect(condition.evaluate(context({ process: { shutdownSeconds: 180 } }, { graceSeconds: 30 }))).toEqual({
      kind: "value",
      value: true,
    });
    expect(condition.evaluate(context({ process: { shutdownSeconds: 10 } }, { graceSeconds: 30 }))).toEqual({
      kind: "value",
      value: false,
    });
  });

  it("names the missing fact instead of passing", () => {
    const condition = compile("!placement.hostnameStable && !has(service.identity.pinnedBy)");
    expect(condition.evaluate(context({ name: "x" }, { hostnameStable: false }))).toEqual({ kind: "missing", facts: ["service.identity"] });
    const nested = compile("service.process.sigterm == 'graceful'");
    expect(nested.evaluate(context({ process: {} }))).toEqual({ kind: "missing", facts: ["service.process.sigterm"] });
  });

  it("names a missing fact inside a list macro by its list", () => {
    const condition = compile("service.operations.exists(o, o.recovery == 'manual')");
    expect(condition.evaluate(context({ operations: [{ name: "build" }] }))).toEqual({
      kind: "missing",
      facts: ["service.operations[].recovery"],
    });
  });

  it("absorbs a missing fact when the other side of || decides", () => {
    const condition = compile("placement.ipStable || service.network.advertises.size() > 0");
    expect(condition.evaluate(context({}, { ipStable: true }))).toEqual({ kind: "value", value: true });
  });

  it("treats integer facts as CEL ints", () => {
    const condition = compile("service.network.ports.map(p, p.port * 2).exists(x, x == 10000)");
    expect(condition.evaluate(context({ network: { ports: [{ port: 5000 }] } }))).toEqual({ kind: "value", value: true });
  });

  it("rejects syntax errors and non-boolean conditions at compile time with a column", () => {
    const broken = compileCondition("service.a ==");
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.column).toBeGreaterThan(1);
    const nonBool = compileCondition("1 + 2");
    expect(nonBool.ok).toBe(false);
    if (!nonBool.ok) expect(nonBool.message).toMatch(/bool/);
  });

  it("never reads inherited properties", () => {
    const condition = compile("has(service.constructor)");
    expect(condition.evaluate(context({}))).toEqual({ kind: "value", value: false });
  });

  it("records the paths it reads", () => {
    expect(compile("service.a.b && placement.c || service.a.b").reads).toEqual(["placement.c", "service.a.b"]);
  });

  it("reads an index by name as a field, and reads whole what an expression uses but cannot name", () => {
    const readsOf = (source: string) => {
      const { reads, presenceOnly } = compile(source);
      return { reads, presenceOnly };
    };
    expect(readsOf('service["a"].b == 1 && service.?c.orValue(0) == 1')).toEqual({ reads: ["service.a.b", "service.c"], presenceOnly: [] });
    // A computed index reads the whole map it indexes, and the index too.
    expect(readsOf("service.m[service.k] == 1").reads).toEqual(["service.k", "service.m"]);
    // A numeric index, or a key a dotted path cannot hold, reads the whole list or map.
    expect(readsOf("service.l[0] == 1").reads).toEqual(["service.l"]);
    expect(readsOf('service.m["a.b"] == 1').reads).toEqual(["service.m"]);
    // The bare root is all of its facts.
    expect(readsOf("size(service) > 1").reads).toEqual(["service"]);
    expect(readsOf('"a" in placement').reads).toEqual(["placement"]);
    // A list a macro or method runs over is read whole; its variable is not a fact.
    expect(readsOf("service.ports.exists(p, p.x > 2) && service.m.size() > 1").reads).toEqual(["service.m", "service.ports"]);
  });

  it("tells a path only tested with has() from one whose value is used", () => {
    const { reads, presenceOnly } = compile("has(service.a) && service.a.b == 1 && has(service.c.d) && service.c == service.e");
    expect(reads).toEqual(["service.a", "service.a.b", "service.c", "service.c.d", "service.e"]);
    expect(presenceOnly).toEqual(["service.a", "service.c.d"]);
  });

  it("says which fields of a list's elements its comprehensions read, where that is all they read of them", () => {
    const elementsOf = (source: string) => compile(source).elements;
    expect(elementsOf("service.a.exists(h, h.ip && has(h.x.y))")).toEqual({ "service.a": ["ip", "x.y"] });
    expect(elementsOf("service.a.exists(h, h.ip) && service.a.all(h, h['port'] > 0)")).toEqual({ "service.a": ["ip", "port"] });
    expect(elementsOf("service.a.all(h, h.port > 0) && service.a.exists(h, !h.ip)")).toEqual({ "service.a": ["ip", "port"] });
    expect(elementsOf("service.a.exists(h, !h)")).toEqual({});
    expect(elementsOf("service.a.all(h, h.b.exists(k, k.c)) && service.d.map(x, x.e).size() > 0")).toEqual({
      "service.a": ["b"],
      "service.d": ["e"],
    });
    // An element used whole, indexed by a computed key, or a list also read whole elsewhere: every field counts.
    expect(elementsOf("service.a.exists(h, h == 'x')")).toEqual({});
    expect(elementsOf("service.a.exists(h, h[service.k] == 1)")).toEqual({});
    expect(elementsOf("service.a.exists(h, h.b.exists(h, h == 1))")).toEqual({});
    expect(elementsOf("service.a.exists(h, h.ip) && size(service.a) > 1")).toEqual({});
    expect(elementsOf("service.a.exists(h, h.ip) && service.a[0].ip")).toEqual({});
    // What it reads stays the list, which a finding cites.
    expect(compile("service.a.exists(h, h.ip)").reads).toEqual(["service.a"]);
    // A comprehension with a second variable (`all(i, v, v.x)`, which CEL has for lists and maps) may name the element by it.
    const id = (name: string) => ({ op: "id", args: name });
    const field = (of: object, name: string) => ({ op: ".", args: [of, name] });
    const twoVariables = { op: "rcall", args: ["all", field(id("service"), "a"), [id("i"), id("v"), field(id("v"), "x")]] };
    expect(collectReads(twoVariables)).toEqual({ reads: ["service.a"], presenceOnly: [], elements: {} });
  });
});

describe("the key of the facts conditions read", () => {
  it("keys a list read element by element by the fields read, element for element", () => {
    const paths = readPathsOf([compile("service.hosts.exists(h, h.ip)")]);
    const key = (hosts: unknown) => serviceFactsKey(paths, { hosts });
    expect(key([{ ip: true, host: "a" }])).toBe(key([{ ip: true, host: "b" }]));
    expect(key([{ ip: true }])).not.toBe(key([{ ip: false }]));
    expect(key([{ ip: true }])).not.toBe(key([{ ip: true }, { ip: true }]));
    expect(key([{ host: "a" }])).not.toBe(key([{ ip: false }]));
    expect(key([{ ip: { v: 1 } }])).not.toBe(key([{ ip: { v: 2 } }]));
    // Elements that are not maps, and a value that is not a list, are keyed whole.
    expect(key(["a"])).not.toBe(key(["b"]));
    expect(key([{ ip: true }])).not.toBe(key({ ip: true }));
    expect(key({ ip: true, host: "a" })).not.toBe(key({ ip: true, host: "b" }));
    // Read whole by another condition, before or after, the list counts whole.
    const byElement = compile("service.hosts.exists(h, h.ip)");
    const byValue = compile("size(service.hosts) > 1");
    for (const whole of [readPathsOf([byElement, byValue]), readPathsOf([byValue, byElement])]) {
      expect(whole[0]?.elements).toBeUndefined();
      const hosts = (host: string) => ({ hosts: [{ ip: true, host }] });
      expect(serviceFactsKey(whole, hosts("a"))).not.toBe(serviceFactsKey(whole, hosts("b")));
    }
    // Two conditions reading different fields: both count, in one order whatever the conditions'.
    const both = readPathsOf([compile("service.hosts.all(h, h.port > 0)"), compile("service.hosts.exists(h, h.ip)")]);
    expect(both[0]?.elements).toEqual([["ip"], ["port"]]);
    // A list of lists is keyed whole; null, whose fields CEL finds missing as a map's, keys as a map without the field.
    expect(key([[1]])).not.toBe(key([[2]]));
    expect(key([null])).toBe(key([{}]));
  });

  it("keys a fact only tested with has() by its presence, whatever its value", () => {
    const paths = readPathsOf([compile("has(service.myIp) && has(service.config)")]);
    const key = (facts: Record<string, unknown>) => serviceFactsKey(paths, facts);
    expect(key({ myIp: "10.0.0.1", config: { a: 1 } })).toBe(key({ myIp: "10.0.0.2", config: { a: 2 } }));
    expect(key({ myIp: "10.0.0.1" })).not.toBe(key({}));
    expect(key({ myIp: null })).not.toBe(key({}));
  });
});

describe("renderMessage", () => {
  it("fills placeholders and marks missing ones", () => {
    expect(
      renderMessage("{{service.name}} under {{ placement.title }}: {{service.nope}}", {
        service: { name: "nova-api" },
        placement: { title: "POCI" },
      }),
    ).toBe("nova-api under POCI: (unknown)");
  });
});
