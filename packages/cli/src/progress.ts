/** Where a command writes: results to `out` (stdout), people-facing lines to `err` (stderr). */
export interface Terminal {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly isTty: boolean;
  readonly now: () => number;
}

export const processTerminal: Terminal = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  isTty: Boolean(process.stderr.isTTY),
  now: () => Date.now(),
};

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  if (seconds < 60) return `${seconds.toFixed(0)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * Progress for long work, with rate and ETA: a redrawn line on a TTY, plain periodic lines otherwise
 * (every `plainIntervalMs`, e.g. in CI logs). Units are whatever the caller counts (bytes, rows, steps).
 */
export class ProgressDisplay {
  private lastPlainAt = -Infinity;
  private lastPrintedDone: number | undefined;

  constructor(
    private readonly terminal: Terminal,
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly unit: { name: string; scale: number; digits: number },
    private readonly plainIntervalMs = 5000,
    /** When the work began (default: now); a display created at the first progress report passes the stage's start. */
    private readonly startedAt = terminal.now(),
    /** What was already done at `startedAt` (a resumed stage's finished work), left out of the rate. */
    private readonly doneAtStart = 0,
  ) {}

  /** `detail` (e.g. the current loss) is appended to the line. */
  update(done: number, detail = ''): void {
    const now = this.terminal.now();
    if (!this.terminal.isTty && now - this.lastPlainAt < this.plainIntervalMs) return;
    this.lastPlainAt = now;
    this.lastPrintedDone = done;
    const line = this.describe(done, now, detail);
    this.terminal.err(this.terminal.isTty ? `\r${line}\u001b[K` : `${line}\n`);
  }

  /** The final line (on a TTY, ends the redrawn line; in plain mode, skipped if the last line already showed `done`). */
  finish(done: number, detail = ''): void {
    if (!this.terminal.isTty && this.lastPrintedDone === done) return;
    const line = this.describe(done, this.terminal.now(), detail);
    this.terminal.err(this.terminal.isTty ? `\r${line}\u001b[K\n` : `${line}\n`);
  }

  private describe(done: number, now: number, detail: string): string {
    const line = this.describeAmount(done, now);
    return detail === '' ? line : `${line}, ${detail}`;
  }

  private describeAmount(done: number, now: number): string {
    const amount = (value: number) => (value / this.unit.scale).toFixed(this.unit.digits);
    if (this.doneAtStart > 0 && done <= this.doneAtStart) {
      // Nothing done since the restart yet: no rate to tell.
      const progress = this.total === undefined || this.total <= 0 ? `${amount(done)} ${this.unit.name}` : `${(100 * Math.min(done / this.total, 1)).toFixed(1)}% (${amount(done)}/${amount(this.total)} ${this.unit.name})`;
      return `${this.label}: ${progress}, resumed`;
    }
    const seconds = Math.max((now - this.startedAt) / 1000, 1e-9);
    const rate = (done - this.doneAtStart) / seconds;
    // Slow work (under one unit per second, e.g. retraining a model) reads better as seconds per unit.
    const scaledRate = rate / this.unit.scale;
    const rateText = scaledRate > 0 && scaledRate < 1 ? `${(1 / scaledRate).toFixed(1)} s per ${this.unit.name.replace(/s$/, '')}` : `${amount(rate)} ${this.unit.name}/s`;
    if (this.total === undefined || this.total <= 0) return `${this.label}: ${amount(done)} ${this.unit.name}, ${rateText}`;
    const fraction = Math.min(done / this.total, 1);
    const eta = rate > 0 ? (this.total - done) / rate : Number.POSITIVE_INFINITY;
    return `${this.label}: ${(100 * fraction).toFixed(1)}% (${amount(done)}/${amount(this.total)} ${this.unit.name}), ${rateText}, ETA ${formatSeconds(eta)}`;
  }
}
