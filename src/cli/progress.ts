/** How long a run goes before progress appears: short runs stay quiet. */
export const PROGRESS_DELAY_MS = 1000;

/** Where progress is written and how time is read, so tests can give their own. */
export interface ProgressOptions {
  stream: Pick<NodeJS.WriteStream, "write" | "isTTY">;
  env: NodeJS.ProcessEnv;
  now: () => number;
}

/**
 * Progress lines on stderr for runs longer than about a second: only on a terminal, never with
 * `NO_COLOR` or `CI` set, and each step overwrites the last so the final output stays clean.
 */
export class Progress {
  private readonly start: number;
  private readonly enabled: boolean;
  private shown = false;

  constructor(private readonly options: ProgressOptions) {
    this.start = options.now();
    this.enabled = options.stream.isTTY === true && !options.env.NO_COLOR && !options.env.CI;
  }

  /** Shows `message` as the current step once the run has lasted long enough. */
  step(message: string): void {
    if (!this.enabled || this.options.now() - this.start < PROGRESS_DELAY_MS) return;
    const seconds = ((this.options.now() - this.start) / 1000).toFixed(1);
    this.options.stream.write(`\r\u001b[K${message} (${seconds} s)`);
    this.shown = true;
  }

  /** Clears the progress line, if one was shown, before the real output. */
  done(): void {
    if (this.shown) this.options.stream.write("\r\u001b[K");
    this.shown = false;
  }
}

/** Progress for this process: stderr, its environment and the wall clock. */
export function startProgress(): Progress {
  return new Progress({ stream: process.stderr, env: process.env, now: () => Date.now() });
}
