/**
 * Control characters and bidirectional marks that Markdown and CI annotations would carry through
 * to the reader: C0 and C1 controls other than tab and line breaks, DEL, and the embedding,
 * override and isolate marks that reorder text on screen. One character per match: linear.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** An `@` that GitHub would turn into a mention or team notification: after a non-word character. */
const MENTION = /(^|[^\w@])@(?=[A-Za-z0-9])/g;

/**
 * Removes control characters and bidirectional marks from text bound for Markdown or a GitHub
 * annotation, and neutralises `@mentions` by writing the at sign as U+FF20 (＠), which GitHub does
 * not link, so a manifest value cannot ping people from a pull request comment.
 */
export function cleanText(text: string): string {
  return text.replace(INVISIBLE, "").replace(MENTION, "$1\uff20");
}
