import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arrayItems, isArraySpan, JsonBytesError, lineColumnAt, parseSpan, topLevel } from "../src/load/json-bytes.js";

/** The value the bytes hold, read the way the assessment reader reads it: members, and each array member item by item. */
function readInPieces(text: string): unknown {
  const bytes = Buffer.from(text, "utf8");
  const top = topLevel(bytes);
  if ("value" in top) return top.value;
  const out: Record<string, unknown> = {};
  for (const [key, span] of top.members) {
    const value = isArraySpan(bytes, span) ? [...arrayItems(bytes, span)].map((item) => parseSpan(bytes, item)) : parseSpan(bytes, span);
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The byte offset `readInPieces` stops at, or undefined when it reads the text. */
function offsetOf(text: string): number | undefined {
  try {
    readInPieces(text);
    return undefined;
  } catch (error) {
    if (!(error instanceof JsonBytesError)) throw error;
    expect([error.name, error.code, error.message]).toEqual(["JsonBytesError", "invalid-json", `invalid JSON at byte ${error.offset}`]);
    return error.offset;
  }
}

/** JSON laid out as JSON.stringify lays it out, with a random indent. */
const laidOut = (value: unknown) => fc.constantFrom(0, 1, 2, "\t", " \r\n ").map((indent) => JSON.stringify(value, null, indent));

describe("JSON read a piece at a time", () => {
  it("reads what JSON.parse reads, however it is laid out", () => {
    const objects = fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue())));
    fc.assert(
      fc.property(objects.chain(laidOut), (text) => {
        expect(readInPieces(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it("reads a value other than an object whole", () => {
    fc.assert(
      fc.property(fc.jsonValue().chain(laidOut), (text) => {
        expect(readInPieces(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it("refuses whatever JSON.parse refuses, and reads whatever it reads, when a character is dropped or added", () => {
    const edited = fc
      .tuple(
        fc.dictionary(fc.string(), fc.oneof(fc.jsonValue(), fc.array(fc.jsonValue()))),
        fc.nat(),
        fc.constantFrom(...'{}[]",: 0-.tex\\'),
      )
      .chain(([value, at, character]) =>
        laidOut(value).map((text) => {
          const i = at % (text.length + 1);
          return at % 2 === 0 ? text.slice(0, i) + character + text.slice(i) : text.slice(0, i) + text.slice(i + 1);
        }),
      );
    fc.assert(
      fc.property(edited, (text) => {
        let parsed: unknown;
        let refused = false;
        try {
          parsed = JSON.parse(text);
        } catch {
          refused = true;
        }
        if (refused) expect(offsetOf(text)).toBeTypeOf("number");
        else expect(readInPieces(text)).toEqual(parsed);
      }),
      { numRuns: 2000 },
    );
  });

  it("skips a UTF-8 byte order mark, and reads what only begins like one", () => {
    expect(readInPieces('\uFEFF{"a": [1]}')).toEqual({ a: [1] });
    expect(readInPieces('"¿"')).toBe("¿");
  });

  it("keeps a repeated key's last value, as JSON.parse does", () => {
    expect(readInPieces('{"a": 1, "b": 2, "a": [3]}')).toEqual({ a: [3], b: 2 });
  });

  it("stops at the byte where the text stops being JSON", () => {
    const cases: [string, string][] = [
      ['{"a": 1,}', "}"],
      ['{"a" 1}', "1"],
      ['{"a": }', "}"],
      ['{"a": [1 2]}', "2"],
      ['{"a": [1, 2}', "}"],
      ['{"a": [1,, 2]}', ", 2"],
      ['{"a": {"b": 1 x}}', "x}}"],
      ['{"a": 1} {}', "{}"],
      // "nul" may still begin null: the text stops being JSON at the brace.
      ['{"é": "ü", "b": nul}', "}"],
      ['{"a": [1, fail]}', "il]"],
      ['{"a": [,1]}', ",1"],
      ["  [1, ]", "]"],
      // Bytes that begin like a byte order mark but are not one: 0xBB second, 0xBF third, 0xEF first,
      // 0xEF 0xBB without 0xBF, and 0xBB 0xBF after another first byte.
      ["»{}", "»"],
      ['"¿', ""],
      ["\uF8FF{}", "\uF8FF"],
      ["\uFEC0{}", "\uFEC0"],
      ["\u2EFF{}", "\u2EFF"],
    ];
    for (const [text, from] of cases) {
      expect([text, offsetOf(text)]).toEqual([text, Buffer.byteLength(text.slice(0, text.lastIndexOf(from)), "utf8")]);
    }
  });

  it("gives the line and the column in UTF-16 units of a byte offset", () => {
    const bytes = Buffer.from('{\n  "é😀": x\n}', "utf8");
    const offset = bytes.indexOf("x");
    expect(lineColumnAt(bytes, offset)).toEqual({ line: 2, column: 10 });
    expect(lineColumnAt(bytes, 0)).toEqual({ line: 1, column: 1 });
  });

  it("refuses bytes that are not UTF-8 at the piece that holds them", () => {
    const bytes = Buffer.concat([Buffer.from('{"a": 1, "b": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    let caught: unknown;
    try {
      const top = topLevel(bytes);
      if ("members" in top) for (const span of top.members.values()) parseSpan(bytes, span);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JsonBytesError);
    expect([(caught as JsonBytesError).code, (caught as JsonBytesError).offset]).toEqual(["invalid-utf8", 14]);
    expect((caught as JsonBytesError).message).toBe("invalid UTF-8 at byte 14");
  });
});
