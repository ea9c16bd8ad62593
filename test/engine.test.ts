import { describe, expect, it } from "vitest";
import { type CelMap, compileCondition, toCelValue } from "../src/engine/cel.js";
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
