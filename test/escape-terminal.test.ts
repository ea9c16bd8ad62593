import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { cleanText } from "../src/report/clean-text.js";
import { escapeMarkdown } from "../src/report/escape.js";
import { escapeTerminal } from "../src/report/escape-terminal.js";

describe("escapeTerminal", () => {
  it("makes line breaks, ESC, OSC and NUL visible instead of acting on them", () => {
    expect(escapeTerminal("a\nb\r\tc")).toBe("a\\nb\\r\\tc");
    expect(escapeTerminal("\u001b[31mred\u001b]8;;https://x\u0007")).toBe("\\x1b[31mred\\x1b]8;;https://x\\x07");
    expect(escapeTerminal("nul\u0000 del\u007f c1\u009b")).toBe("nul\\x00 del\\x7f c1\\x9b");
    expect(escapeTerminal("ab\u202ecd\u2066\u2028")).toBe("ab\\u202ecd\\u2066\\u2028");
  });

  it("breaks workflow-command prefixes wherever they appear", () => {
    expect(escapeTerminal("::error file=x::forged")).toBe(":\\:error file=x:\\:forged");
    expect(escapeTerminal("x\n::add-mask::y")).toBe("x\\n:\\:add-mask:\\:y");
    expect(escapeTerminal(":::")).toBe(":\\:\\:");
  });

  it("cuts long text with a note of what was left out", () => {
    expect(escapeTerminal("abcdef", 4)).toBe("abcd… (2 more characters)");
    expect(escapeTerminal("abcd", 4)).toBe("abcd");
  });

  test.prop([fc.string({ unit: "binary", maxLength: 200 })])("never outputs a control character or a `::`", (text) => {
    const out = escapeTerminal(text);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the property is about control characters.
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(out).not.toContain("::");
  });

  it("answers in linear time on a long hostile line", () => {
    const started = performance.now();
    const out = escapeTerminal(":".repeat(200_000) + "\u001b".repeat(200_000), 1_000_000);
    // A quadratic scan of these 400,000 characters takes minutes; the bound leaves room for a loaded
    // machine and for the instrumented code of a mutation run, which is several times slower.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(out).not.toContain("::");
  });
});

describe("cleanText", () => {
  it("removes controls and bidi overrides, keeping tabs and line breaks", () => {
    expect(cleanText("a\u0000b\u001b[2Jc\u202ed\te\nf")).toBe("ab[2Jcd\te\nf");
  });

  it("neutralises mentions and team mentions but leaves e-mail addresses alone", () => {
    expect(cleanText("ping @octocat and @org/team")).toBe("ping \uff20octocat and \uff20org/team");
    expect(cleanText("@admin first")).toBe("\uff20admin first");
    expect(cleanText("ops@example.com")).toBe("ops@example.com");
  });
});

describe("escapeMarkdown", () => {
  it("escapes table pipes, backticks and emphasis so a value stays in its cell", () => {
    expect(escapeMarkdown("a|b")).toBe("a\\|b");
    expect(escapeMarkdown("`code`")).toBe("\\`code\\`");
    expect(escapeMarkdown("*bold* _it_ ~~del~~")).toBe("\\*bold\\* \\_it\\_ \\~\\~del\\~\\~");
    expect(escapeMarkdown("[x](javascript:y)")).toBe("\\[x\\](javascript:y)");
    expect(escapeMarkdown("<img src=x>&")).toBe("&lt;img src=x&gt;&amp;");
    expect(escapeMarkdown("a\r\nb\nc")).toBe("a b c");
  });

  it("drops raw control bytes and bidi overrides, and neutralises mentions", () => {
    expect(escapeMarkdown("a\u0000\u001b]0;title\u0007b\u202e")).toBe("a\\]0;titleb");
    expect(escapeMarkdown("cc @octocat")).toBe("cc \uff20octocat");
  });
});
