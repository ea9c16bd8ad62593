/** The three dimensions in report order, with their column titles. */
export const DIMENSIONS = [
  { key: "twelve-factor", short: "12F", title: "12-factor" },
  { key: "ip-movement", short: "IP", title: "IP movement" },
  { key: "termination", short: "TRM", title: "Termination" },
] as const;
