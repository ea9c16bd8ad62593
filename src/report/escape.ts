import { cleanText } from "./clean-text.js";

/**
 * Escapes text for GitHub-flavoured Markdown inside a line or a table cell: emphasis, code, link
 * and table punctuation is backslash-escaped, HTML-significant characters become entities (GitHub
 * renders raw HTML), and line breaks become spaces so a value never breaks a table row. Templates
 * never place a value at the start of a line, so block syntax (`#`, `-`, `1.`) needs no escape.
 * Control bytes and bidirectional marks are dropped and `@mentions` neutralised first.
 */
export function escapeMarkdown(text: string): string {
  return cleanText(text)
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|~])/g, "\\$1");
}
