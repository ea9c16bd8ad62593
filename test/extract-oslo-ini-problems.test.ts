import { describe, expect, it } from "vitest";
import { parseOsloIni, readIniValue } from "../src/extract/oslo/parse-oslo-ini.js";

const codes = (text: string) => parseOsloIni(text, "nova.conf").problems.map((p) => [p.code, p.line, p.column]);

describe("parseOsloIni problems", () => {
  it("names each malformed line by file, line and column, and goes on reading", () => {
    const text = ["[DEFAULT", "[]", "[ok]", "no separator here", "= value", "  orphan"].join("\n");
    expect(codes(text)).toEqual([
      ["ini-section-bracket", 1, 8],
      ["ini-section-name", 2, 1],
      ["ini-invalid-assignment", 4, 1],
      ["ini-empty-key", 5, 1],
      ["ini-unexpected-continuation", 6, 1],
    ]);
    const first = parseOsloIni(text, "nova.conf").problems[0];
    expect(first).toMatchObject({ file: "nova.conf", severity: "error", path: "" });
    expect(first?.message).toBe('expected "]" at the end of the section header, got "[DEFAULT"');
  });

  it("accepts a one-letter section and keeps the line of its first header", () => {
    const { document, problems } = parseOsloIni("[a]\nx = 1\n\n[b]\n[a]\ny = 2\n", "f");
    expect(problems).toEqual([]);
    expect(document.sectionLines.get("a")).toBe(1);
    expect(document.sectionLines.get("b")).toBe(4);
    expect([...(document.sections.get("a")?.keys() ?? [])]).toEqual(["x", "y"]);
  });

  it("ends a value at a blank line, so a later indented line is an error, and a comment closes it too", () => {
    expect(codes("[s]\nk = a\n\n  b\n")).toEqual([["ini-unexpected-continuation", 4, 1]]);
    const afterComment = parseOsloIni("[s]\nk = a\n# note\n  b\n", "f");
    expect(afterComment.problems.map((p) => p.code)).toEqual(["ini-unexpected-continuation"]);
    expect(readIniValue(afterComment.document, "s", "k")?.value).toBe("a");
  });

  it("joins tab-indented continuation lines and trims trailing space", () => {
    const { document } = parseOsloIni("[s]\nk = a   \n\tb\t\n  c\n", "f");
    expect(readIniValue(document, "s", "k")).toEqual({ value: "a\nb\nc", line: 2 });
  });

  it("strips a matching pair of quotes only, and keeps an empty value", () => {
    const read = (raw: string) => readIniValue(parseOsloIni(`[s]\nk = ${raw}\n`, "f").document, "s", "k")?.value;
    expect(read('"quoted"')).toBe("quoted");
    expect(read("'single'")).toBe("single");
    expect(read("\"mixed'")).toBe("\"mixed'");
    expect(read('"')).toBe("");
    expect(read("")).toBe("");
    expect(read("a=b:c")).toBe("a=b:c");
  });

  it("reads lines split by CR LF and by CR alone", () => {
    const { document } = parseOsloIni("[s]\r\nk = 1\rj = 2\n", "f");
    expect(readIniValue(document, "s", "k")).toEqual({ value: "1", line: 2 });
    expect(readIniValue(document, "s", "j")).toEqual({ value: "2", line: 3 });
  });
});

describe("readIniValue", () => {
  it("takes the value on the latest line across sections that differ only in case, and DEFAULT only as written", () => {
    const { document } = parseOsloIni("[Database]\nconnection = a\n\n[database]\nconnection = b\n\n[DATABASE]\nconnection = c\n", "f");
    expect(readIniValue(document, "database", "connection")).toEqual({ value: "c", line: 8 });
    const defaults = parseOsloIni("[default]\nk = lower\n\n[DEFAULT]\nk = upper\n", "f").document;
    expect(readIniValue(defaults, "DEFAULT", "k")?.value).toBe("upper");
    expect(readIniValue(defaults, "default", "k")?.value).toBe("lower");
    expect(readIniValue(defaults, "DEFAULT", "missing")).toBeUndefined();
    const later = parseOsloIni("[b]\nk = late\n\n[B]\nother = 1\n", "f").document;
    expect(readIniValue(later, "b", "k")).toEqual({ value: "late", line: 2 });
    const reopened = parseOsloIni("[b]\nk = 1\n\n[B]\nk = 2\n\n[b]\nk = 3\n", "f").document;
    expect(readIniValue(reopened, "b", "k")).toEqual({ value: "3", line: 8 });
  });
});
