/**
 * Code points outside XML 1.0's `Char` production: C0 controls other than tab, newline and carriage
 * return, lone surrogates, and U+FFFE/U+FFFF (https://www.w3.org/TR/xml/#charsets). With the `u`
 * flag a surrogate pair is one code point, so only lone surrogates match.
 */
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes every character XML 1.0 cannot carry, even escaped. */
export function stripIllegalXml(text: string): string {
  return text.replace(ILLEGAL_XML, "");
}

/** Escapes text for an XML element's content. */
export function escapeXmlText(text: string): string {
  return stripIllegalXml(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Escapes text for a double- or single-quoted XML attribute. Tab, newline and carriage return
 * become character references, because attribute-value normalisation would turn them into spaces.
 */
export function escapeXmlAttribute(text: string): string {
  return stripIllegalXml(text).replace(/[&<>"'\t\n\r]/g, (c) => ATTRIBUTE_ENTITIES[c] ?? c);
}

const ATTRIBUTE_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\t": "&#9;",
  "\n": "&#10;",
  "\r": "&#13;",
};
