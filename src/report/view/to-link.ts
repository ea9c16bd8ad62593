/** A link taken from input: `url` is set only for https addresses, so no other scheme becomes a link. */
export interface LinkView {
  text: string;
  url: string;
}

/** Makes a link of text from input, with a URL only when the text is an https address. */
export function toLink(text: string): LinkView {
  return { text, url: /^https:\/\/[^\s"'<>]+$/.test(text) ? text : "" };
}
