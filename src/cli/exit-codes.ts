/** Exit codes, as DESIGN §8 fixes them. */
export const EXIT = {
  ok: 0,
  gateFailed: 1,
  badInput: 2,
  internal: 3,
} as const;

/** A user's mistake: printed without a stack trace, exits with `code`. */
export class UsageError extends Error {
  readonly code: number;
  constructor(message: string, code: number = EXIT.badInput) {
    super(message);
    this.name = "UsageError";
    this.code = code;
  }
}
