/** The output formats and the file suffix each is written with. */
export const FORMATS = {
  html: ".html",
  md: ".md",
  json: ".json",
  sarif: ".sarif",
  junit: ".junit.xml",
  github: ".github.txt",
  text: ".txt",
} as const;

/** One of the output formats. */
export type Format = keyof typeof FORMATS;

/** True when `name` is a known output format. */
export function isFormat(name: string): name is Format {
  return Object.hasOwn(FORMATS, name);
}
