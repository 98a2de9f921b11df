import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RetrainedModel, RunSummary, SearchHistoryEntry, TrainSupernetResult } from '../../src/index.js';
import { assertPipelineBuilt, completeLines, readJson, runChild, type ChildEvent, type ChildOutcome } from './pipeline-child.js';

// SPEC section 8: `kill -9` at any moment, then resume, continues without repeating finished work or losing
// a finished evaluation, and ends with the same best architecture and metrics as an uninterrupted run with
// the same seed. A real child process runs the built pipeline and is SIGKILLed at a line it prints.

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;
/** Rows of the Criteo sample the runs read: the first 2,000 keep each run near 14 s on 2 cores. */
const DATA_ROWS = 2000;
const SEARCH_BUDGET = 6 + 2 * 3; // population + generations x children (fixtures/run-child.mjs)
const MODELS = ['searched-1', 'searched-2', 'dlrm', 'dnn'];

let root = '';
let data = '';
let whole: { summary: RunSummary; supernet: TrainSupernetResult; history: string[] };
let resumedAfterSearchKill: RunSummary | undefined;

const isProgress = (event: ChildEvent, stage: string): boolean => event.kind === 'progress' && event.stage === stage;
const progressOf = (outcome: ChildOutcome, stage: string): ChildEvent[] => outcome.events.filter((event) => isProgress(event, stage));

function freshDir(name: string): string {
  return join(root, name);
}

function expectFinished(outcome: ChildOutcome): void {
  // stderr is in the compared object so a failure shows the child's error message.
  expect({ code: outcome.code, signal: outcome.signal, stderr: outcome.stderr }).toMatchObject({ code: 0, signal: null });
  expect(outcome.events.at(-1)?.kind).toBe('finished');
}

/** The kill landed where intended: the child died of SIGKILL before it wrote its summary. */
function expectKilled(outcome: ChildOutcome, dir: string): void {
  expect(outcome.killed).toBe(true);
  expect(outcome.signal).toBe('SIGKILL');
  expect(existsSync(join(dir, 'summary.json'))).toBe(false);
}

/** The resumed run's results equal the uninterrupted run's, exactly (timing fields aside). */
function expectSameResults(dir: string): RunSummary {
  const summary = readJson<RunSummary>(join(dir, 'summary.json'));
  const expected = whole.summary;
  expect(readJson<TrainSupernetResult>(join(dir, 'train-supernet.json')).lossCurve).toEqual(whole.supernet.lossCurve);
  expect(summary.supernet.steps).toBe(expected.supernet.steps);
  expect(summary.search.best.archHash).toBe(expected.search.best.archHash);
  expect(summary.search.best.validationLogLoss).toBe(expected.search.best.validationLogLoss);
  expect(summary.search.evaluated).toBe(SEARCH_BUDGET);
  // Every candidate, in proposal order, with the same loss: nothing lost, nothing scored differently.
  const candidates = (s: RunSummary) => s.search.history.map(({ archHash, validationLogLoss }) => ({ archHash, validationLogLoss }));
  expect(candidates(summary)).toEqual(candidates(expected));
  const metrics = (models: ReadonlyArray<RetrainedModel>) =>
    models.map(({ name, kind, archHash, validationLogLoss, testLogLoss, testAuc, flopsPerExample, params, steps }) => ({
      name,
      kind,
      archHash,
      validationLogLoss,
      testLogLoss,
      testAuc,
      flopsPerExample,
      params,
      steps,
    }));
  expect(metrics(summary.models)).toEqual(metrics(expected.models));
  expect(summary.bestModel?.name).toBe(expected.bestModel?.name);
  expect(summary.versusBaselines).toEqual(expected.versusBaselines);
  // The search journal holds each candidate once, every line whole (a cut line was dropped).
  const history = completeLines(join(dir, 'search-history.jsonl')).map((line) => JSON.parse(line) as SearchHistoryEntry);
  expect(readFileSync(join(dir, 'search-history.jsonl'), 'utf8').endsWith('\n')).toBe(true);
  expect(new Set(history.map((entry) => entry.archHash)).size).toBe(history.length);
  expect(history.map((entry) => entry.archHash).sort()).toEqual(whole.history.map((line) => (JSON.parse(line) as SearchHistoryEntry).archHash).sort());
  expect(completeLines(join(dir, 'retrain.jsonl'))).toHaveLength(MODELS.length);
  expect(existsSync(join(dir, 'report.html'))).toBe(true);
  return summary;
}

beforeAll(async () => {
  assertPipelineBuilt();
  root = mkdtempSync(join(tmpdir(), 'recnas-kill-'));
  data = join(root, 'criteo-head.csv');
  const lines = readFileSync(CRITEO, 'utf8').split('\n').slice(0, DATA_ROWS);
  writeFileSync(data, `${lines.join('\n')}\n`);
  const dir = freshDir('uninterrupted');
  const outcome = await runChild({ out: dir, data });
  expectFinished(outcome);
  whole = {
    summary: readJson<RunSummary>(join(dir, 'summary.json')),
    supernet: readJson<TrainSupernetResult>(join(dir, 'train-supernet.json')),
    history: completeLines(join(dir, 'search-history.jsonl')),
  };
}, 300_000);

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

describe('kill -9, then resume', () => {
  it('the uninterrupted reference run is complete', () => {
    expect(whole.supernet.lossCurve).toHaveLength(24);
    expect(whole.history).toHaveLength(SEARCH_BUDGET);
    expect(whole.summary.search.reusedFromHistory).toBe(0);
    expect(whole.summary.models.map((model) => model.name)).toEqual(MODELS);
    for (const model of whole.summary.models) expect(Number.isFinite(model.testLogLoss)).toBe(true);
  });

  it('during supernet training: continues from the newest snapshot to the same supernet and results', async () => {
    const dir = freshDir('kill-supernet');
    const killed = await runChild({ out: dir, data, killWhen: (event) => isProgress(event, 'train supernet') && (event.done ?? 0) >= 10 });
    expectKilled(killed, dir);
    expect(existsSync(join(dir, 'train-supernet.json'))).toBe(false);
    // Snapshots every 4 steps; the kill came at step 10 or later, so step 8 (or a later one) is on disk.
    const snapshots = readdirSync(join(dir, 'checkpoints')).filter((file) => file.endsWith('.ckpt'));
    const steps = snapshots.map((file) => Number(/(\d{8})\.ckpt$/.exec(file)?.[1]));
    const newest = Math.max(...steps);
    expect(newest).toBeGreaterThanOrEqual(8);
    expect(newest % 4).toBe(0);

    const resumed = await runChild({ out: dir, data, resume: true });
    expectFinished(resumed);
    expect(resumed.events[0]).toEqual({ kind: 'stage-start', stage: 'train supernet', resumed: true });
    // Steps up to the snapshot are not trained again.
    expect(progressOf(resumed, 'train supernet').map((event) => event.done)).toEqual(Array.from({ length: 24 - newest }, (_, i) => newest + 1 + i));
    expectSameResults(dir);
    expect(existsSync(join(dir, 'checkpoints'))).toBe(false);
  });

  it('during search (and with a cut last history line): reuses every finished candidate', async () => {
    const dir = freshDir('kill-search');
    // Killed in the middle of the first generation of children (6 initial candidates, then 3 per generation).
    const killed = await runChild({ out: dir, data, killWhen: (event) => isProgress(event, 'search') && (event.done ?? 0) >= 7 });
    expectKilled(killed, dir);
    const finished = completeLines(join(dir, 'search-history.jsonl'));
    // Progress is reported after each candidate's line is journaled.
    expect(finished.length).toBeGreaterThanOrEqual(7);
    expect(finished.length).toBeLessThan(SEARCH_BUDGET);
    // What a kill in the middle of an append would leave: half a line, no newline.
    const next = whole.history[finished.length] ?? '';
    appendFileSync(join(dir, 'search-history.jsonl'), next.slice(0, Math.floor(next.length / 2)));

    const resumed = await runChild({ out: dir, data, resume: true });
    expectFinished(resumed);
    expect(progressOf(resumed, 'train supernet')).toEqual([]); // the finished supernet is loaded
    const summary = expectSameResults(dir);
    resumedAfterSearchKill = summary;
    expect(summary.search.reusedFromHistory).toBeGreaterThanOrEqual(finished.length);
    // The finished evaluations are kept as they were, and only the missing ones were added.
    const after = completeLines(join(dir, 'search-history.jsonl'));
    expect(after.slice(0, finished.length)).toEqual(finished);
    expect(after).toHaveLength(SEARCH_BUDGET);
  });

  // A candidate's index is its proposal position, so the resumed history numbers candidates as an
  // uninterrupted run does (the report's search-progress chart plots by index).
  it('during search: the resumed candidates keep the proposal index of an uninterrupted run', () => {
    expect(resumedAfterSearchKill?.search.history.map((entry) => entry.index)).toEqual(whole.summary.search.history.map((entry) => entry.index));
  });

  it('during retraining: keeps the retrained models and retrains only the rest', async () => {
    const dir = freshDir('kill-retrain');
    const killed = await runChild({ out: dir, data, killWhen: (event) => isProgress(event, 'retrain and evaluate') });
    expectKilled(killed, dir);
    const finished = completeLines(join(dir, 'retrain.jsonl'));
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(MODELS.length);

    const resumed = await runChild({ out: dir, data, resume: true });
    expectFinished(resumed);
    expect(progressOf(resumed, 'train supernet')).toEqual([]);
    const summary = expectSameResults(dir);
    expect(summary.search.reusedFromHistory).toBe(SEARCH_BUDGET); // nothing scored again
    expect(completeLines(join(dir, 'retrain.jsonl')).slice(0, finished.length)).toEqual(finished);
    // A model taken from the journal keeps its recorded time: it was not retrained.
    const journaled = finished.map((line) => JSON.parse(line) as RetrainedModel);
    // One seed: each summary model is its journal line plus the (empty) spread fields.
    const lineOf = ({ seeds: _seeds, testLogLossStd: _std, testLogLossStderr: _stderr, testAucStd: _aucStd, ...line }: RunSummary['models'][number]) => line;
    expect(summary.models.slice(0, journaled.length).map(lineOf)).toEqual(journaled);
  });
});
