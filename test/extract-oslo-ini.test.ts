import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { readServerList, readUrlHosts } from "../src/extract/oslo/extract-oslo-facts.js";
import { parseOsloIni, readIniValue } from "../src/extract/oslo/parse-oslo-ini.js";

const VALUE_CHARS = ["a", "b", "z", "0", "9", " ", ";", "#", "=", ":", "[", "]", '"', "'", "/", "{", "}", ".", "-"];
const KEY_CHARS = ["a", "b", "k", "_", "0", "9", ".", "-"];

/** A value line as it survives oslo's trimming: no surrounding blanks. */
const valueLine = fc.string({ unit: fc.constantFrom(...VALUE_CHARS), maxLength: 12 }).map((s) => s.trim());
const continuation = valueLine.filter((s) => s !== "");
const value = fc.tuple(valueLine, fc.array(continuation, { maxLength: 3 })).map(([first, rest]) => [first, ...rest].join("\n"));
const key = fc.string({ unit: fc.constantFrom(...KEY_CHARS), minLength: 1, maxLength: 8 });
const section = fc.oneof(fc.constant("DEFAULT"), fc.string({ unit: fc.constantFrom(...KEY_CHARS), minLength: 1, maxLength: 8 }));
const ini = fc.array(fc.tuple(section, fc.array(fc.tuple(key, value), { maxLength: 5 })), { minLength: 1, maxLength: 4 });

/** Writes sections as oslo.config text, quoting a first line that would lose its own quotes, and notes each value's line. */
function serialise(sections: [string, [string, string][]][]): {
  text: string;
  expected: { section: string; key: string; value: string; line: number }[];
} {
  const lines: string[] = [];
  const expected: { section: string; key: string; value: string; line: number }[] = [];
  for (const [name, entries] of sections) {
    lines.push(`[${name}]`);
    for (const [k, v] of entries) {
      const [first = "", ...rest] = v.split("\n");
      const quoted =
        first.length > 0 && (first.startsWith('"') || first.startsWith("'")) && first.at(0) === first.at(-1) ? `"${first}"` : first;
      expected.push({ section: name, key: k, value: v, line: lines.length + 1 });
      lines.push(`${k} = ${quoted}`, ...rest.map((r) => `    ${r}`));
    }
    lines.push("");
  }
  return { text: lines.join("\n"), expected };
}

describe("parseOsloIni properties", () => {
  test.prop([ini])("every value and its line survive a serialise → parse round trip", (sections) => {
    const { text, expected } = serialise(sections);
    const { document, problems } = parseOsloIni(text, "gen.conf");
    expect(problems).toEqual([]);
    const actual = [...document.sections.entries()].flatMap(([name, keys]) =>
      [...keys.entries()].flatMap(([k, values]) => values.map((v) => ({ section: name, key: k, value: v.value, line: v.line }))),
    );
    const order = (a: { line: number }, b: { line: number }) => a.line - b.line;
    expect(actual.sort(order)).toEqual(expected.sort(order));
  });

  test.prop([key, continuation.filter((v) => v.includes(";"))])("keeps `;` inside values", (k, v) => {
    const quoted = (v.startsWith('"') || v.startsWith("'")) && v.at(0) === v.at(-1) ? `"${v}"` : v;
    const { document } = parseOsloIni(`[DEFAULT]\n${k}=${quoted}\n`, "x.conf");
    expect(readIniValue(document, "DEFAULT", k)?.value).toBe(v);
  });
});

describe("parseOsloIni", () => {
  it("keeps every value of a repeated key with its line", () => {
    const { document } = parseOsloIni("[pci]\nalias = a\n\nalias = b\n", "nova.conf");
    expect(document.sections.get("pci")?.get("alias")).toEqual([
      { value: "a", line: 2 },
      { value: "b", line: 4 },
    ]);
  });

  it("splits at whichever of = and : comes first, strips matching quotes and joins continuation lines", () => {
    const { document } = parseOsloIni(
      "[DEFAULT]\nurl: http://h:1/x=y\nname = 'quoted'\nmixed = \"a'\nlist = a,\n  b,\n\tc\n# a comment ends nothing it is not in\n",
      "a.conf",
    );
    expect(readIniValue(document, "DEFAULT", "url")?.value).toBe("http://h:1/x=y");
    expect(readIniValue(document, "DEFAULT", "name")?.value).toBe("quoted");
    expect(readIniValue(document, "DEFAULT", "mixed")?.value).toBe("\"a'");
    expect(readIniValue(document, "DEFAULT", "list")?.value).toBe("a,\nb,\nc");
  });

  it("treats # and ; as comments only at the start of a line", () => {
    const { document } = parseOsloIni("[DEFAULT]\n; off = 1\n#also = 2\ndebug = true # not a comment\n", "a.conf");
    expect([...(document.sections.get("DEFAULT")?.keys() ?? [])]).toEqual(["debug"]);
    expect(readIniValue(document, "DEFAULT", "debug")?.value).toBe("true # not a comment");
  });

  it("matches group names case-insensitively, except DEFAULT", () => {
    const { document } = parseOsloIni("[Database]\nconnection = a\n[database]\nconnection = b\n[default]\nhost = x\n", "a.conf");
    expect(readIniValue(document, "database", "connection")).toEqual({ value: "b", line: 4 });
    expect(readIniValue(document, "DEFAULT", "host")).toBeUndefined();
  });

  it("reports an option before any section", () => {
    const { problems } = parseOsloIni("host = a\n[DEFAULT]\n", "a.conf");
    expect(problems).toEqual([expect.objectContaining({ line: 1, code: "ini-no-section" })]);
  });
});

describe("address readers", () => {
  it("reads every host of a multi-host transport_url, IPv6 in brackets", () => {
    expect(readUrlHosts("rabbit://u:p@10.0.0.1:5672,u:p@[fd00::2]:5672,u:p@rabbit-2.svc:5672/")).toEqual([
      { host: "10.0.0.1", ipLiteral: true },
      { host: "fd00::2", ipLiteral: true },
      { host: "rabbit-2.svc", ipLiteral: false },
    ]);
  });

  it("keeps a Jinja value opaque and never an IP literal", () => {
    expect(readServerList("{{ memcached_hosts }}")).toEqual([{ host: "{{ memcached_hosts }}", ipLiteral: false }]);
  });
});
