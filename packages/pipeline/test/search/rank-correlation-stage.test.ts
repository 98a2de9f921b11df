import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@recnas/engine';
import {
  RANK_CORRELATION_FILE,
  REPORT_CHART_IDS,
  RUN_MANIFEST_FILE,
  configSummary,
  decodeRunConfig,
  renderReport,
  reportInputOf,
  type PipelineEvent,
  type RankCorrelation,
  type RankedSubnet,
  type RunSummary,
} from '../../src/index.js';
import { readJsonLines, succeedConfig, writeCriteoHead } from './tiny-run.js';

// The rank-correlation study end to end on a tiny run (NASRec's claim that fine-tuning restores the ranking,
// SPEC section 5): `rankCorrelation.scratchEpochs` sets the from-scratch training, every statistic has a
// bootstrap interval, the report plots the subnets, and a resumed run reuses the journaled subnets.

const SUBNETS = 5;

let root = '';
let data = '';

function tinyConfig(rankCorrelation: Record<string, number>): Record<string, unknown> {
  return {
    data: { path: data, format: 'criteo', vocabCap: 2000 },
    seed: 5,
    supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 12, batchSize: 64 },
    search: {
      preset: 'small',
      evolution: { population: 2, generations: 1, childrenPerGeneration: 1, tournamentSize: 1, initialMutations: 1, finalMutations: 1 },
      fineTuneSteps: 5,
      workers: 0,
    },
    retrain: { topK: 1, epochs: 1, batchSize: 64, baselines: [] },
    rankCorrelation,
  };
}

async function run(dir: string, config: unknown, resume = false): Promise<{ summary: RunSummary; events: PipelineEvent[] }> {
  const events: PipelineEvent[] = [];
  const summary = await succeedConfig(config, dir, { resume, onEvent: (event) => events.push(event) });
  return { summary, events };
}

const journalRows = (dir: string): RankedSubnet[] => readJsonLines<RankedSubnet>(join(dir, RANK_CORRELATION_FILE));

const correlationOf = (summary: RunSummary): RankCorrelation => {
  expect(summary.rankCorrelation).toBeDefined();
  return summary.rankCorrelation as RankCorrelation;
};

let oneEpoch: { dir: string; summary: RunSummary };
let twoEpochs: { dir: string; summary: RunSummary };

beforeAll(async () => {
  await createEngine({ logger: () => undefined }).initBackend();
  root = mkdtempSync(join(tmpdir(), 'recnas-rank-correlation-'));
  data = writeCriteoHead(root, 1500);
  const first = join(root, 'one-epoch');
  oneEpoch = { dir: first, summary: (await run(first, tinyConfig({ subnets: SUBNETS }))).summary };
  const second = join(root, 'two-epochs');
  twoEpochs = { dir: second, summary: (await run(second, tinyConfig({ subnets: SUBNETS, scratchEpochs: 2 }))).summary };
}, 600_000);

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

describe('runRankCorrelationStage', () => {
  it('trains from scratch for retrain.epochs by default and for rankCorrelation.scratchEpochs when given', () => {
    expect(correlationOf(oneEpoch.summary).scratchEpochs).toBe(1);
    expect(correlationOf(twoEpochs.summary).scratchEpochs).toBe(2);
    expect(journalRows(oneEpoch.dir).map((row) => row.scratchEpochs)).toEqual(Array(SUBNETS).fill(1));
    expect(journalRows(twoEpochs.dir).map((row) => row.scratchEpochs)).toEqual(Array(SUBNETS).fill(2));
    const manifest = JSON.parse(readFileSync(join(oneEpoch.dir, RUN_MANIFEST_FILE), 'utf8')) as { config: { rankCorrelation: unknown } };
    expect(manifest.config.rankCorrelation).toEqual({ subnets: SUBNETS, scratchEpochs: 1, scratchSeeds: 1 });
    // Same seed: the same subnets and supernet scores; only the from-scratch training differs.
    const one = correlationOf(oneEpoch.summary).points;
    const two = correlationOf(twoEpochs.summary).points;
    expect(two.map((point) => point.archHash)).toEqual(one.map((point) => point.archHash));
    expect(two.map((point) => point.fineTunedLogLoss)).toEqual(one.map((point) => point.fineTunedLogLoss));
    for (const [at, point] of two.entries()) expect(point.scratchLogLoss).not.toBe(one[at]?.scratchLogLoss);
  });

  it('reports every statistic with a finite 95% bootstrap interval that contains it', () => {
    const correlation = correlationOf(oneEpoch.summary);
    expect(correlation.subnets).toBe(SUBNETS);
    for (const scores of [correlation.inherited, correlation.fineTuned]) {
      for (const statistic of ['kendallTau', 'spearman'] as const) {
        const interval = scores.intervals[statistic];
        expect(interval).toMatchObject({ confidence: 0.95, resamples: 1000 });
        expect(interval.skipped).toBeLessThan(1000);
        expect(interval.low).toBeGreaterThanOrEqual(-1);
        expect(interval.high).toBeLessThanOrEqual(1);
        expect(interval.low).toBeLessThanOrEqual(scores[statistic]);
        expect(interval.high).toBeGreaterThanOrEqual(scores[statistic]);
      }
    }
  });

  it('keeps one point per subnet with the scores the journal holds', () => {
    const rows = journalRows(oneEpoch.dir);
    expect(correlationOf(oneEpoch.summary).points).toEqual(
      rows.map(({ archHash, inheritedLogLoss, fineTunedLogLoss, scratchLogLoss }) => ({ archHash, inheritedLogLoss, fineTunedLogLoss, scratchLogLoss })),
    );
    const written = JSON.parse(readFileSync(join(oneEpoch.dir, 'summary.json'), 'utf8')) as RunSummary;
    expect(written.rankCorrelation).toEqual(oneEpoch.summary.rankCorrelation);
  });

  it('puts the intervals in the report table and the subnets in the scatter chart', () => {
    const html = readFileSync(join(oneEpoch.dir, 'report.html'), 'utf8');
    const { inherited } = correlationOf(oneEpoch.summary);
    const { low, high } = inherited.intervals.kendallTau;
    expect(html).toContain(`<td>Kendall tau</td><td>${inherited.kendallTau.toFixed(3)} [${low.toFixed(3)}, ${high.toFixed(3)}]</td>`);
    expect(html).toContain(`id="${REPORT_CHART_IDS.rankCorrelation}"`);
    expect(html).toContain('trained from scratch for 1 epoch');
  });

  it('trains each subnet once per scratch seed, scores it by their mean and reports how the seeds agree', async () => {
    const dir = join(root, 'two-seeds');
    const { summary } = await run(dir, tinyConfig({ subnets: SUBNETS, scratchSeeds: 2 }));
    const rows = journalRows(dir);
    const single = journalRows(oneEpoch.dir);
    for (const [at, row] of rows.entries()) {
      expect(row.scratchLogLosses).toHaveLength(2);
      // The first scratch seed is the run's: a one-seed study trained exactly that model.
      expect(row.scratchLogLosses?.[0]).toBe(single[at]?.scratchLogLoss);
      expect(row.scratchLogLosses?.[1]).not.toBe(row.scratchLogLosses?.[0]);
      expect(row.scratchLogLoss).toBeCloseTo(((row.scratchLogLosses?.[0] ?? 0) + (row.scratchLogLosses?.[1] ?? 0)) / 2, 14);
    }
    // Kendall tau-b by hand (pair counts; the losses have no ties).
    const tauB = (a: number[], b: number[]): number => {
      let concordant = 0;
      let discordant = 0;
      for (let i = 0; i < a.length; i++) {
        for (let j = i + 1; j < a.length; j++) {
          const sign = Math.sign(((a[i] ?? 0) - (a[j] ?? 0)) * ((b[i] ?? 0) - (b[j] ?? 0)));
          if (sign > 0) concordant++;
          if (sign < 0) discordant++;
        }
      }
      return (concordant - discordant) / ((a.length * (a.length - 1)) / 2);
    };
    const correlation = correlationOf(summary);
    const seed = (replicate: number): number[] => rows.map((row) => row.scratchLogLosses?.[replicate] ?? Number.NaN);
    expect(correlation.scratchSeeds).toBe(2);
    expect(correlation.scratchAgreement?.kendallTau).toBeCloseTo(tauB(seed(0), seed(1)), 12);
    expect(correlation.fineTuned.kendallTau).toBeCloseTo(tauB(rows.map((row) => row.fineTunedLogLoss), rows.map((row) => row.scratchLogLoss)), 12);
    expect(correlationOf(oneEpoch.summary).scratchAgreement).toBeUndefined();
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('scratch LogLoss the mean over 2 seeds');
    expect(html).toContain(`Training from scratch agrees with itself (first seed against second seed): Kendall tau ${correlation.scratchAgreement?.kendallTau.toFixed(3)}`);
    // Asking for another number of seeds trains the subnets again; asking for the same reuses them.
    const resumed = await run(dir, tinyConfig({ subnets: SUBNETS, scratchSeeds: 2 }), true);
    expect(resumed.summary.rankCorrelation).toEqual(summary.rankCorrelation);
  }, 600_000);

  it('reuses every journaled subnet on resume and reaches the same result', async () => {
    const dir = join(root, 'resumed');
    cpSync(oneEpoch.dir, dir, { recursive: true });
    const resumed = await run(dir, tinyConfig({ subnets: SUBNETS }), true);
    expect(journalRows(dir)).toHaveLength(SUBNETS);
    expect(resumed.summary.rankCorrelation).toEqual(oneEpoch.summary.rankCorrelation);
  });

  it('resumes a run written before scratchEpochs existed: retrain.epochs fills it and the old rows are reused', async () => {
    const dir = join(root, 'older');
    cpSync(oneEpoch.dir, dir, { recursive: true });
    const manifestPath = join(dir, RUN_MANIFEST_FILE);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { config: { rankCorrelation: Record<string, unknown> } };
    delete manifest.config.rankCorrelation['scratchEpochs'];
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const oldRows = journalRows(dir).map(({ scratchEpochs: _epochs, ...row }) => JSON.stringify(row));
    writeFileSync(join(dir, RANK_CORRELATION_FILE), `${oldRows.join('\n')}\n`);
    rmSync(join(dir, 'summary.json'));

    const stored = manifest.config as unknown;
    const resumed = await run(dir, stored, true);
    expect(readFileSync(join(dir, RANK_CORRELATION_FILE), 'utf8').split('\n').filter((line) => line !== '')).toEqual(oldRows);
    expect(resumed.summary.rankCorrelation).toEqual(oneEpoch.summary.rankCorrelation);
  });

  it('renders a summary written before the intervals existed, without the chart', () => {
    const { inherited, fineTuned, subnets } = correlationOf(oneEpoch.summary);
    // What `recnas report --run` reads from such a run's summary.json.
    const older = JSON.parse(
      JSON.stringify({
        ...oneEpoch.summary,
        rankCorrelation: { subnets, inherited: { kendallTau: inherited.kendallTau, spearman: inherited.spearman }, fineTuned: { kendallTau: fineTuned.kendallTau, spearman: fineTuned.spearman } },
      }),
    ) as RunSummary;
    const decoded = decodeRunConfig(tinyConfig({ subnets: SUBNETS }));
    if (E.isLeft(decoded)) throw decoded.left;
    const html = renderReport(reportInputOf(older, configSummary(decoded.right)));
    expect(html).toContain(`<td>Kendall tau</td><td>${inherited.kendallTau.toFixed(3)}</td><td>${fineTuned.kendallTau.toFixed(3)}</td>`);
    expect(html).not.toContain(`id="${REPORT_CHART_IDS.rankCorrelation}"`);
  });
});
