import { describe, expect, it } from "vitest";
import { extractArtifacts, type ServiceIndex } from "../src/extract/index.js";
import { parseOsloIni, readIniValue } from "../src/extract/oslo/parse-oslo-ini.js";

const index: ServiceIndex = { names: new Map([["nova-api", "nova-api"]]), byProject: new Map([["nova", ["nova-api"]]]) };

describe("INI lines of any length", () => {
  it("reads a 2 MB line with trailing blanks before its last character in linear time", () => {
    const text = `[DEFAULT]\nhost = a${" ".repeat(2_000_000)}x\n`;
    const started = performance.now();
    const { document } = parseOsloIni(text, "nova.conf");
    // A quadratic trim takes hours on this line; a linear one takes milliseconds.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(readIniValue(document, "DEFAULT", "host")?.value).toBe(`a${" ".repeat(2_000_000)}x`);
  });

  it("reads a 2 MB run of trailing blanks and a 2 MB indented continuation", () => {
    const text = `[DEFAULT]\nhost = a${" ".repeat(2_000_000)}\n${" ".repeat(2_000_000)}b\n`;
    const started = performance.now();
    const { document } = parseOsloIni(text, "nova.conf");
    expect(performance.now() - started).toBeLessThan(2000);
    expect(readIniValue(document, "DEFAULT", "host")?.value).toBe("a\nb");
  });
});

/** A 600-byte `List` whose items alias nested Lists: five levels of ten expand to 100,000 Deployments, under the node limit. */
function nestedListBomb(): string {
  const deployment = "{apiVersion: apps/v1, kind: Deployment, spec: {selector: {}, template: {spec: {containers: [{image: nova-api}]}}}}";
  const lines = ["apiVersion: v1", "kind: List", "items:", `- &l0 ${deployment}`];
  for (let level = 1; level <= 5; level++) {
    lines.push(`- &l${level} {apiVersion: v1, kind: List, items: [${Array.from({ length: 10 }, () => `*l${level - 1}`).join(", ")}]}`);
  }
  return `${lines.join("\n")}\n`;
}

describe("objects expanded from one file", () => {
  it("stops a List of aliased Lists at the limit with a problem that names the file, line and limit", () => {
    const text = nestedListBomb();
    expect(text.length).toBeLessThan(1000);
    const started = performance.now();
    const result = extractArtifacts([{ file: "bomb.yaml", text }], index);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.facts).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ file: "bomb.yaml", line: 2, severity: "error", code: "too-many-objects" })]);
    expect(result.problems[0]?.message).toMatch(/at most 2000 Kubernetes objects/);
  });
});
