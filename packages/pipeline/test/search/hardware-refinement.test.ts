import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NASREC_SMALL_SPACE, archHash, decodeWith, withBlockCount, type ArchEncoding, type SearchSpace } from '@recnas/core';
import {
  DEFAULT_PIM_CONFIG_SPACE,
  HARDWARE_PRESETS,
  costArchitecture,
  decodePimChoice,
  enumeratePimChoices,
  type HardwareConfig,
  type PimChoice,
  type PimConfigSpace,
} from '@recnas/pim-sim';
import { RegularizedEvolutionOptionsCodec, evolutionPreset, type JointEvolutionOptions, type ObjectiveConstraint } from '@recnas/search-strategies';
import { pimWorkloadsOf } from '@recnas/supernet';
import { buildCoDesignSummary } from '../../src/co-design-summary.js';
import { storedConfigResolver } from '../../src/internal/stored-config.js';
import { decodeRunConfig } from '../../src/run-config.js';
import { jointEvolutionOptionsOf, runCoDesignLoop, type CoDesignLoopInput, type CoDesignLoopResult } from '../../src/stages/co-design-search.js';
import { cheapestChoicePerPlan } from '../../src/stages/hardware-refinement.js';
import type { ScoringTask, TaskScorer } from '../../src/stages/scoring-task.js';
import type { SearchHistoryEntry } from '../../src/stages/search-history.js';
import { builtinRegistry } from '../../src/stages/train-supernet.js';
import { precisionKeyOf, scoreKeyOf, weightPrecisionPlanOf } from '../../src/stages/weight-precision-plan.js';
import { fakeTaskScorer } from './fake-task-scorer.js';

const scratch = mkdtempSync(join(tmpdir(), 'recnas-hardware-refinement-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const decoded = decodeRunConfig({ data: { path: 'unused.csv', format: 'criteo' }, search: { objectives: ['logloss', 'energy'] }, hardware: { config: 'hostOnly' }, seed: 3 });
if (E.isLeft(decoded)) throw decoded.left;
const config = decoded.right;
const hardware = config.hardware as NonNullable<typeof config.hardware>;
const builtins = builtinRegistry();
if (E.isLeft(builtins)) throw builtins.left;
const space: SearchSpace = withBlockCount(NASREC_SMALL_SPACE, 2 as SearchSpace['blocks']);
const modelConfig = { space, registry: builtins.right, denseFeatures: 13, sparseFields: Array.from({ length: 26 }, () => 100) };
const evolution = E.flatMap(evolutionPreset('small'), (preset) =>
  decodeWith(RegularizedEvolutionOptionsCodec, { ...RegularizedEvolutionOptionsCodec.encode(preset), population: 8, generations: 4, childrenPerGeneration: 4 }, 'search.evolution'),
);
const jointOptions = E.flatMap(evolution, (value) => jointEvolutionOptionsOf(config, value));
if (E.isLeft(jointOptions)) throw jointOptions.left;
const options: JointEvolutionOptions = jointOptions.right;

/**
 * A 576-choice space for the resume tests (the default one has 5,760): it still holds naivePim's point
 * (crossbars of 128, 6-bit ADCs, 8-bit weights and activations, 256 tiles, 8 DRAM-PIM units) and the
 * all-host one.
 */
const SMALL_PIM_SPACE: PimConfigSpace = { ...DEFAULT_PIM_CONFIG_SPACE, crossbarSize: [64, 128], adcBits: [4, 6, 8], reramTiles: [128, 256], dramPimUnits: [4, 8] };

const fakeScorer = fakeTaskScorer;

const taskKey = (task: ScoringTask): string => scoreKeyOf(archHash(task.arch), task.precision);

function input(historyPath: string, score: TaskScorer, overrides: { space?: PimConfigSpace; architectures?: number; options?: JointEvolutionOptions } = {}): CoDesignLoopInput {
  return {
    config,
    hardware: { ...hardware, space: overrides.space ?? hardware.space, refine: { architectures: (overrides.architectures ?? 3) as typeof hardware.refine.architectures } },
    options: overrides.options ?? options,
    space,
    modelConfig,
    historyPath,
    score,
  };
}

async function run(loopInput: CoDesignLoopInput): Promise<CoDesignLoopResult> {
  const result = await runCoDesignLoop(loopInput);
  if (E.isLeft(result)) throw result.left;
  return result.right;
}

const linesOf = (path: string): SearchHistoryEntry[] => readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as SearchHistoryEntry);
const isRefined = (entry: SearchHistoryEntry): boolean => entry.metadata?.['refined'] === true;
const precisionOfLine = (entry: SearchHistoryEntry): string => entry.metadata?.['precision'] as string;

/** Every point of `space`, built here from `enumeratePimChoices` independently of the refinement's own enumeration. */
function bruteForceChoices(pimSpace: PimConfigSpace): PimChoice[] {
  return Object.entries(enumeratePimChoices(pimSpace)).reduce<PimChoice[]>(
    (partial, [label, options]) => (options.kind === 'one-of' ? partial.flatMap((choice) => options.values.map((value) => ({ ...choice, [label]: value }))) : partial),
    [{}],
  );
}

interface Costed {
  readonly choice: PimChoice;
  readonly precision: string;
  readonly energy: number;
  readonly latency: number;
}

/** The cost and precision of every choice of `pimSpace` for `arch`, on the run's base config. */
function costEveryChoice(arch: ArchEncoding, pimSpace: PimConfigSpace): Costed[] {
  const workloads = pimWorkloadsOf(arch, modelConfig, { batchSize: hardware.batchSize });
  if (E.isLeft(workloads)) throw workloads.left;
  return bruteForceChoices(pimSpace).map((choice) => {
    const decodedChoice = decodePimChoice(pimSpace, choice, hardware.config);
    if (E.isLeft(decodedChoice)) throw decodedChoice.left;
    const report = costArchitecture(workloads.right, decodedChoice.right);
    const plan = weightPrecisionPlanOf(arch, modelConfig, decodedChoice.right);
    if (E.isLeft(report)) throw report.left;
    if (E.isLeft(plan)) throw plan.left;
    return { choice, precision: precisionKeyOf(plan.right), energy: report.right.total.energyJoules, latency: report.right.total.latencySeconds };
  });
}

function referenceCost(arch: ArchEncoding, reference: HardwareConfig): { energy: number; precision: string } {
  const workloads = pimWorkloadsOf(arch, modelConfig, { batchSize: hardware.batchSize });
  if (E.isLeft(workloads)) throw workloads.left;
  const report = costArchitecture(workloads.right, reference);
  const plan = weightPrecisionPlanOf(arch, modelConfig, reference);
  if (E.isLeft(report)) throw report.left;
  if (E.isLeft(plan)) throw plan.left;
  return { energy: report.right.total.energyJoules, precision: precisionKeyOf(plan.right) };
}

describe('hardware refinement after the joint search', () => {
  const historyPath = join(scratch, 'default-space.jsonl');
  let scorer: ReturnType<typeof fakeScorer>;
  let result: CoDesignLoopResult;
  beforeAll(async () => {
    scorer = fakeScorer();
    result = await run(input(historyPath, scorer, { architectures: 2 }));
  }, 20_000);

  it('appends, per refined architecture and precision plan, the cheapest choice of the whole space', () => {
    const history = linesOf(historyPath);
    expect(history.filter(isRefined)).toEqual(result.refined);
    expect(history.slice(0, result.entries.length).some(isRefined)).toBe(false);
    expect(history.slice(result.entries.length).every(isRefined)).toBe(true);
    const refinedArchs = [...new Set(result.refined.map((entry) => entry.archHash))];
    expect(refinedArchs.length).toBeGreaterThan(0);
    expect(refinedArchs.length).toBeLessThanOrEqual(2);
    // naivePim's settings (crossbars of 128, 6-bit ADCs, 8-bit weights and activations, 256 tiles, 8 DRAM-PIM
    // units, matrices on ReRAM, gathers and elementwise work on DRAM-PIM) are all points of
    // DEFAULT_PIM_CONFIG_SPACE, and so is the all-host placement: both references are among the choices.
    const naive: HardwareConfig = { ...HARDWARE_PRESETS.naivePim, host: hardware.config.host };
    const host: HardwareConfig = { host: hardware.config.host };
    for (const hash of refinedArchs) {
      const arch = (result.refined.find((entry) => entry.archHash === hash) as SearchHistoryEntry).arch;
      const costed = costEveryChoice(arch, DEFAULT_PIM_CONFIG_SPACE);
      const cheapest = new Map<string, number>();
      for (const { precision, energy } of costed) cheapest.set(precision, Math.min(cheapest.get(precision) ?? Number.POSITIVE_INFINITY, energy));
      const refinedOfArch = history.filter((entry) => isRefined(entry) && entry.archHash === hash);
      // No constraints: every plan has a pair (refined now, or found by the evolution already).
      const plansCovered = new Set(history.filter((entry) => entry.archHash === hash && cheapest.get(precisionOfLine(entry)) === entry.objectives['energy']).map(precisionOfLine));
      expect(plansCovered).toEqual(new Set(cheapest.keys()));
      for (const entry of refinedOfArch) {
        const energy = entry.objectives['energy'] as number;
        expect(energy).toBe(cheapest.get(precisionOfLine(entry)));
        for (const evaluated of result.entries.filter((pair) => pair.archHash === hash && precisionOfLine(pair) === precisionOfLine(entry))) {
          expect(energy).toBeLessThanOrEqual(evaluated.objectives['energy'] as number);
        }
      }
      for (const reference of [naive, host]) {
        const { energy, precision } = referenceCost(arch, reference);
        const best = history.filter((entry) => entry.archHash === hash && precisionOfLine(entry) === precision).map((entry) => entry.objectives['energy'] as number);
        expect(Math.min(...best)).toBeLessThanOrEqual(energy);
      }
    }
  }, 20_000);

  it('scores each architecture at most once per precision plan across the search and the refinement', () => {
    const keys = scorer.tasks.map(taskKey);
    expect(new Set(keys).size).toBe(keys.length);
    const keyOfLine = (entry: SearchHistoryEntry): string => scoreKeyOf(entry.archHash, scorerPlanOf(entry));
    const needed = new Set([...result.entries, ...result.refined].map(keyOfLine));
    expect(new Set(keys)).toEqual(needed);
    // The refinement scored something the evolution had not (at most architectures x plans new scorings).
    const refinementOnly = [...needed].filter((key) => !result.entries.some((entry) => keyOfLine(entry) === key));
    expect(refinementOnly.length).toBeGreaterThan(0);
    expect(refinementOnly.length).toBeLessThanOrEqual(2 * 4);
  });

  it('gives the co-design table the refined pairs as points and candidates for the co-designed model', () => {
    const summary = buildCoDesignSummary([...result.entries, ...result.refined], hardware, ['loss', 'energy'], [], modelConfig);
    if (E.isLeft(summary) || summary.right === undefined) throw new Error('no co-design summary');
    expect(summary.right.points).toHaveLength(result.entries.length + result.refined.length);
    const codesigned = summary.right.rows[2];
    const accuracyOnly = summary.right.rows[0];
    expect(codesigned?.energyJoules).toBeLessThanOrEqual(Math.min(...[...result.entries, ...result.refined].filter((entry) => (entry.objectives['loss'] as number) <= (accuracyOnly?.validationLogLoss as number) + 0.001).map((entry) => entry.objectives['energy'] as number)));
  });
});

describe('hardware refinement constraints', () => {
  it('keeps only choices within the latency and energy bounds', async () => {
    const arch = (await run(input(join(scratch, 'constraints-source.jsonl'), fakeScorer(), { space: SMALL_PIM_SPACE, architectures: 0 }))).entries[0]?.arch as ArchEncoding;
    const context = { hardware: { ...hardware, space: SMALL_PIM_SPACE }, modelConfig };
    const free = cheapestChoicePerPlan(context, arch, ['loss', 'energy'], []);
    if (E.isLeft(free)) throw free.left;
    const costed = costEveryChoice(arch, SMALL_PIM_SPACE);
    const target = free.right.find((refined) => refined.plan !== undefined) ?? (free.right[0] as (typeof free.right)[number]);
    const precision = precisionKeyOf(target.plan);
    // A latency bound just under the cheapest choice's latency excludes it.
    const latencyBound: ObjectiveConstraint = { objective: 'latency', max: target.costs.latency * 0.999 };
    const bounded = cheapestChoicePerPlan(context, arch, ['loss', 'energy'], [latencyBound]);
    if (E.isLeft(bounded)) throw bounded.left;
    for (const refined of bounded.right) expect(refined.costs.latency).toBeLessThanOrEqual(latencyBound.max);
    const feasible = costed.filter((entry) => entry.precision === precision && entry.latency <= latencyBound.max);
    const boundedTarget = bounded.right.find((refined) => precisionKeyOf(refined.plan) === precision);
    if (feasible.length === 0) expect(boundedTarget).toBeUndefined();
    else expect(boundedTarget?.costs.energy).toBe(Math.min(...feasible.map((entry) => entry.energy)));
    expect(boundedTarget?.choice).not.toEqual(target.choice);
    // An energy bound below the cheapest choice of a plan leaves that plan out (nothing to score for it).
    const energyBound: ObjectiveConstraint = { objective: 'energy', max: target.costs.energy * 0.999 };
    const starved = cheapestChoicePerPlan(context, arch, ['loss', 'energy'], [energyBound]);
    if (E.isLeft(starved)) throw starved.left;
    expect(starved.right.map((refined) => precisionKeyOf(refined.plan))).not.toContain(precision);
    for (const refined of starved.right) expect(refined.costs.energy).toBeLessThanOrEqual(energyBound.max);
  }, 20_000);

  it('journals only refined pairs that meet the run constraints', async () => {
    const bound = 0.004;
    const constrained: JointEvolutionOptions = { ...options, constraints: [{ objective: 'energy', max: bound }] };
    const path = join(scratch, 'constrained.jsonl');
    const result = await run(input(path, fakeScorer(), { space: SMALL_PIM_SPACE, options: constrained }));
    expect(result.refined.length).toBeGreaterThan(0);
    for (const entry of result.refined) expect(entry.objectives['energy']).toBeLessThanOrEqual(bound);
  }, 20_000);
});

describe('hardware refinement and resume', () => {
  const fullPath = join(scratch, 'full.jsonl');
  let full: CoDesignLoopResult;
  let fullText: string;
  beforeAll(async () => {
    full = await run(input(fullPath, fakeScorer(), { space: SMALL_PIM_SPACE }));
    fullText = readFileSync(fullPath, 'utf8');
  }, 20_000);

  it('appends and scores nothing when the history already holds every pair', async () => {
    const again = fakeScorer();
    const resumed = await run(input(fullPath, again, { space: SMALL_PIM_SPACE }));
    expect(again.tasks).toHaveLength(0);
    expect(readFileSync(fullPath, 'utf8')).toBe(fullText);
    expect(resumed.refined).toEqual(full.refined);
  });

  it('completes a history cut after some refined lines to the uninterrupted history and table', async () => {
    expect(full.refined.length).toBeGreaterThan(2);
    const lines = fullText.trim().split('\n');
    const cutAt = full.entries.length + 2;
    const cutPath = join(scratch, 'cut.jsonl');
    writeFileSync(cutPath, `${lines.slice(0, cutAt).join('\n')}\n`);
    const keptKeys = new Set(linesOf(cutPath).map((entry) => scoreKeyOf(entry.archHash, scorerPlanOf(entry))));
    const again = fakeScorer();
    const resumed = await run(input(cutPath, again, { space: SMALL_PIM_SPACE }));
    expect(readFileSync(cutPath, 'utf8')).toBe(fullText);
    for (const task of again.tasks) expect(keptKeys.has(taskKey(task))).toBe(false);
    const table = (result: CoDesignLoopResult): unknown => buildCoDesignSummary([...result.entries, ...result.refined], { ...hardware, space: SMALL_PIM_SPACE }, ['loss', 'energy'], [], modelConfig);
    expect(table(resumed)).toEqual(table(full));
  }, 20_000);

  it('with refine.architectures 0 leaves the history as the evolution alone writes it', async () => {
    const path = join(scratch, 'off.jsonl');
    const off = await run(input(path, fakeScorer(), { space: SMALL_PIM_SPACE, architectures: 0 }));
    expect(off.refined).toHaveLength(0);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(off.entries.length);
    expect(lines).toEqual(fullText.trim().split('\n').slice(0, full.entries.length));
    expect(linesOf(path).some(isRefined)).toBe(false);
  }, 20_000);
});

/** The plan a history line was scored with, as the scorer would receive it (parsed back from `metadata.precision`). */
function scorerPlanOf(entry: SearchHistoryEntry): ScoringTask['precision'] {
  const match = /^w(\d+)\[(.*)\]$/.exec(precisionOfLine(entry));
  return match === null ? undefined : { weightBits: Number(match[1]), modules: (match[2] as string).split(',') };
}

describe('hardware.refine in the run config', () => {
  it('defaults to 3 architectures and accepts 0', () => {
    expect(hardware.refine).toEqual({ architectures: 3 });
    const off = decodeRunConfig({ data: { path: 'unused.csv', format: 'criteo' }, hardware: { refine: { architectures: 0 } } });
    expect(E.isRight(off) && off.right.hardware?.refine).toEqual({ architectures: 0 });
  });

  it.each([[-1], ['3'], [1.5]])('rejects architectures %j naming hardware.refine.architectures', (value) => {
    const bad = decodeRunConfig({ data: { path: 'unused.csv', format: 'criteo' }, hardware: { refine: { architectures: value } } });
    expect(E.isLeft(bad) && bad.left.code).toBe('CONFIG_INVALID');
    expect(E.isLeft(bad) && bad.left.message).toContain('hardware.refine.architectures');
  });

  it('fills refine into the stored config of a run started before the key existed', () => {
    const { refine: _refine, ...older } = JSON.parse(JSON.stringify(hardware)) as Record<string, unknown>;
    const stored = { ...(JSON.parse(JSON.stringify(config)) as Record<string, unknown>), hardware: older };
    expect(storedConfigResolver(decodeRunConfig)(stored)).toEqual(JSON.parse(JSON.stringify(config)));
  });

  it('rejects unknown keys of hardware.refine', () => {
    const bad = decodeRunConfig({ data: { path: 'unused.csv', format: 'criteo' }, hardware: { refine: { archs: 3 } } });
    expect(E.isLeft(bad) && bad.left.message).toContain('hardware.refine.archs');
  });
});
