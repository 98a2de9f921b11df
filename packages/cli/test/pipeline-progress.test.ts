import { describe, expect, it } from 'vitest';
import { pipelineProgress } from '../src/run/pipeline-progress.js';
import { recordingTerminal } from './helpers.js';

describe('pipelineProgress', () => {
  it('counts the rate of a fresh stage from its start', () => {
    const terminal = recordingTerminal(false);
    const onEvent = pipelineProgress(terminal);
    onEvent({ kind: 'stage-start', stage: 'retrain', resumed: false });
    terminal.advance(10_000);
    onEvent({ kind: 'progress', stage: 'retrain', done: 100, total: 1000, detail: '' }); // 100 steps in 10 s
    expect(terminal.stderr()).toContain('retrain: 10.0% (100/1000 steps), 10 steps/s, ETA 1m30s');
  });

  it('leaves a resumed stage’s finished work out of the rate and ETA', () => {
    const terminal = recordingTerminal(false);
    const onEvent = pipelineProgress(terminal);
    onEvent({ kind: 'stage-start', stage: 'retrain', resumed: true });
    terminal.advance(2_000); // reloading the checkpoint
    onEvent({ kind: 'progress', stage: 'retrain', done: 500, total: 1000, detail: '' }); // 500 done before the restart
    terminal.advance(10_000);
    onEvent({ kind: 'progress', stage: 'retrain', done: 600, total: 1000, detail: '' }); // 100 steps in 10 s since then
    const lines = terminal.stderr().split('\n').filter(Boolean);
    expect(lines).toEqual([
      'retrain (resumed run: finished work is reused)',
      '  retrain: 50.0% (500/1000 steps), resumed', // no rate until work is done after the restart
      '  retrain: 60.0% (600/1000 steps), 10 steps/s, ETA 40s',
    ]);
  });

  it('says "resumed" instead of a rate when a resumed stage reports its only unit at once', () => {
    const terminal = recordingTerminal(false);
    const onEvent = pipelineProgress(terminal);
    onEvent({ kind: 'stage-start', stage: 'retrain and evaluate', resumed: true });
    terminal.advance(50_000);
    onEvent({ kind: 'progress', stage: 'retrain and evaluate', done: 1, total: 1, detail: 'searched-1' });
    onEvent({ kind: 'stage-done', stage: 'retrain and evaluate', seconds: 50.5 });
    expect(terminal.stderr().split('\n').filter(Boolean)).toEqual([
      'retrain and evaluate (resumed run: finished work is reused)',
      '  retrain and evaluate: 100.0% (1/1 models), resumed, searched-1',
      '  retrain and evaluate: done in 50.5 s',
    ]);
  });
});
