/**
 * Where the CLI writes: injected so commands can be tested without a terminal.
 *
 * @module
 */

/** Console output of a command. */
export interface CliIo {
  /** Writes a line (or lines) to standard output. */
  out(text: string): void;
  /** Writes a line (or lines) to standard error. */
  err(text: string): void;
  /** True when standard output is a terminal (status lines, progress bars). */
  readonly isTerminal: boolean;
  /**
   * Rewrites the terminal's current line with `text` (a status line or a
   * progress bar); `""` clears it. Only meaningful when {@link isTerminal}.
   */
  live(text: string): void;
}

/** A {@link CliIo} that collects output, for tests. */
export class CapturedIo implements CliIo {
  /** Everything written to stdout, in order. */
  readonly stdout: string[] = [];
  /** Everything written to stderr, in order. */
  readonly stderr: string[] = [];
  /** Every live line written, in order. */
  readonly lives: string[] = [];
  /**
   * A console that remembers what it was given.
   *
   * @param isTerminal what to report as {@link CliIo.isTerminal}
   */
  constructor(readonly isTerminal = false) {}
  /** Keeps a line of standard output. */
  out(text: string): void {
    this.stdout.push(text);
  }
  /** Keeps a line of standard error. */
  err(text: string): void {
    this.stderr.push(text);
  }

  /** Keeps the last status line. */
  live(text: string): void {
    this.lives.push(text);
  }
}
