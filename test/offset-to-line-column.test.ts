import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { offsetToLineColumn } from "../src/load/yaml.js";

/** The line and column of an offset, counted a character at a time (1-based; offsets clamp to the text). */
function counted(text: string, offset: number): { line: number; column: number } {
  const end = Math.min(Math.max(offset, 0), text.length);
  let line = 1;
  let column = 1;
  for (let i = 0; i < end; i++) {
    if (text[i] === "\n") {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}

test.prop([fc.stringMatching(/^[a-z \r\n\t:#-]{0,200}$/), fc.array(fc.integer({ min: -3, max: 210 }), { minLength: 1, maxLength: 8 })])(
  "offsetToLineColumn gives the line and column counted a character at a time, for any text and offset",
  (text, offsets) => {
    for (const offset of offsets) expect(offsetToLineColumn(text, offset)).toEqual(counted(text, offset));
  },
);
