import type { PipelineEvent } from '@recnas/pipeline';
import { ProgressDisplay, type Terminal } from '../progress.js';

/** What each pipeline stage counts, for the progress line's rate. */
const UNIT_BY_STAGE: Readonly<Record<string, string>> = {
  'train supernet': 'steps',
  search: 'candidates',
  'retrain and evaluate': 'models',
  'rank correlation': 'subnets',
  baseline: 'steps',
  'DNS-Rec search': 'steps',
  retrain: 'steps',
};

/**
 * Turns pipeline events into one progress display per stage (rate and ETA; a redrawn line on a TTY, plain
 * lines otherwise) and a line when each stage starts and ends.
 */
export function pipelineProgress(terminal: Terminal): (event: PipelineEvent) => void {
  let display: ProgressDisplay | undefined;
  let last: { done: number; detail: string } | undefined;
  let stageStartedAt = terminal.now();
  let stageResumed = false;
  return (event) => {
    switch (event.kind) {
      case 'stage-start':
        display = undefined;
        last = undefined;
        stageStartedAt = terminal.now();
        stageResumed = event.resumed;
        terminal.err(`${event.stage}${event.resumed ? ' (resumed run: finished work is reused)' : ''}\n`);
        return;
      case 'progress':
        // A resumed stage's first report already counts the work finished before the restart: the rate
        // and ETA count from that report instead.
        display ??= new ProgressDisplay(
          terminal,
          `  ${event.stage}`,
          event.total,
          { name: UNIT_BY_STAGE[event.stage] ?? 'items', scale: 1, digits: 0 },
          undefined,
          stageResumed ? terminal.now() : stageStartedAt,
          stageResumed ? event.done : 0,
        );
        last = { done: event.done, detail: event.detail };
        display.update(event.done, event.detail);
        return;
      case 'notice':
        terminal.err(`  ${event.stage}: ${event.message}\n`);
        return;
      case 'stage-done':
        if (display !== undefined && last !== undefined) display.finish(last.done, last.detail);
        display = undefined;
        terminal.err(`  ${event.stage}: done in ${event.seconds.toFixed(1)} s\n`);
        return;
    }
  };
}
