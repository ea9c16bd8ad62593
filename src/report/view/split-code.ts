/** A run of prose: plain text, or text that was between backticks and reads as code. */
export interface TextPart {
  text: string;
  code: boolean;
}

/** Splits prose at backticks so templates can set inline code without trusting any markup. */
export function splitCode(text: string): TextPart[] {
  return text
    .split("`")
    .map((part, i) => ({ text: part, code: i % 2 === 1 }))
    .filter((part) => part.text !== "");
}
