import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  RecnasError,
  architectureFromChoices,
  decodeWith,
  sequentialChoiceGroups,
  type SequentialArchitecture,
  type SequentialSpace,
} from '@recnas/core';
import { budgetAt } from './dynamic-budget.js';
import { DifferentiableSearchOptionsCodec, type DifferentiableSearchOptions, type DifferentiableSearchOptionsInput } from './differentiable-search-options.js';
import { CountCodec } from './internal/count-codec.js';
import { FiniteNumberCodec } from './internal/finite-number.js';

/** The strategy id users type. */
export const DIFFERENTIABLE_SEARCH_ID = 'differentiable';

/** What the trainer does next: a weight step, or an architecture step under `budget` and `lambda` at `temperature`. */
export interface SearchInstruction {
  readonly kind: 'weights' | 'architecture';
  /** 0-based index of the weight step this instruction belongs to. */
  readonly step: number;
  readonly budget: number;
  readonly lambda: number;
  readonly temperature: number;
}

/** One point of the search curves (every `recordEvery` architecture steps). */
export const SearchCurvePointCodec = t.type(
  {
    step: CountCodec,
    budget: FiniteNumberCodec,
    expectedCost: FiniteNumberCodec,
    taskLoss: FiniteNumberCodec,
    penalty: FiniteNumberCodec,
    /** Choice probabilities per group (data-aware gates averaged over the batch). */
    probabilities: t.record(t.string, t.array(FiniteNumberCodec)),
  },
  'SearchCurvePoint',
);
export type SearchCurvePoint = t.TypeOf<typeof SearchCurvePointCodec>;

/** What the trainer reports after an instruction. Architecture steps also report cost, penalty and probabilities. */
export interface StepReport {
  readonly kind: 'weights' | 'architecture';
  readonly taskLoss: number;
  readonly expectedCost?: number;
  readonly penalty?: number;
  readonly probabilities?: Readonly<Record<string, ReadonlyArray<number>>>;
}

/** The whole state: plain data (JSON), so a search resumes by decoding the last one written. */
export const DifferentiableSearchStateCodec = t.type(
  {
    /** Weight steps finished. */
    step: CountCodec,
    /** The next instruction's kind. */
    next: t.keyof({ weights: null, architecture: null }),
    architectureSteps: CountCodec,
    curve: t.array(SearchCurvePointCodec),
  },
  'DifferentiableSearchState',
);
export type DifferentiableSearchState = t.TypeOf<typeof DifferentiableSearchStateCodec>;

/**
 * DNS-Rec's bilevel search as a pure state machine (it never trains anything): `ask` says whether the next
 * step updates the weights or the architecture parameters, and under which budget; `tell` records what the
 * trainer measured. Warm-up steps update weights only. The budget follows `budgetAt` over the constrained
 * steps; the temperature anneals geometrically over them.
 */
export interface DifferentiableSearch {
  readonly id: string;
  readonly options: DifferentiableSearchOptions;
  readonly stateCodec: t.Type<DifferentiableSearchState, unknown>;
  init(): DifferentiableSearchState;
  /** The next instruction, or undefined once every step is done. */
  ask(state: DifferentiableSearchState): SearchInstruction | undefined;
  /** Records the report of the instruction `ask` gave; INVARIANT when its kind is not the one asked. */
  tell(state: DifferentiableSearchState, report: StepReport): DifferentiableSearchState;
  isDone(state: DifferentiableSearchState): boolean;
  /** The first weight step that is followed by an architecture step. */
  readonly warmupSteps: number;
}

/** Creates the strategy from decoded options. */
export function createDifferentiableSearch(options: DifferentiableSearchOptions): DifferentiableSearch {
  const warmupSteps = Math.ceil(options.steps * options.warmupFraction);
  const constrainedSteps = options.steps - warmupSteps;
  const progressOf = (step: number): number => (constrainedSteps <= 1 ? 1 : (step - warmupSteps) / (constrainedSteps - 1));
  const temperatureAt = (step: number): number =>
    options.initialTemperature * (options.finalTemperature / options.initialTemperature) ** Math.min(1, Math.max(0, progressOf(step)));
  const instruction = (kind: SearchInstruction['kind'], step: number): SearchInstruction => ({
    kind,
    step,
    budget: budgetAt(Math.max(0, progressOf(step)), { start: options.startCost, target: options.targetCost }, options.budget),
    lambda: options.lambda,
    temperature: temperatureAt(step),
  });
  const isDone = (state: DifferentiableSearchState): boolean => state.step >= options.steps;
  return {
    id: DIFFERENTIABLE_SEARCH_ID,
    options,
    stateCodec: DifferentiableSearchStateCodec,
    warmupSteps,
    init: () => ({ step: 0, next: 'weights', architectureSteps: 0, curve: [] }),
    ask: (state) => (isDone(state) ? undefined : instruction(state.next, state.step)),
    isDone,
    tell(state, report) {
      if (isDone(state) || report.kind !== state.next) {
        throw new RecnasError('INVARIANT', `differentiable search was told a ${report.kind} step, but asked ${isDone(state) ? 'nothing' : `a ${state.next} step`}`);
      }
      if (report.kind === 'weights') {
        const due = state.step >= warmupSteps && (state.step - warmupSteps) % options.architectureEvery === 0;
        return due ? { ...state, next: 'architecture' } : { ...state, step: state.step + 1 };
      }
      const architectureSteps = state.architectureSteps + 1;
      const record = architectureSteps === 1 || architectureSteps % options.recordEvery === 0 || state.step === options.steps - 1;
      const point: SearchCurvePoint | undefined = record
        ? {
            step: state.step,
            budget: instruction('architecture', state.step).budget,
            expectedCost: report.expectedCost ?? Number.NaN,
            taskLoss: report.taskLoss,
            penalty: report.penalty ?? 0,
            probabilities: Object.fromEntries(Object.entries(report.probabilities ?? {}).map(([name, values]) => [name, [...values]])),
          }
        : undefined;
      if (point !== undefined && !Number.isFinite(point.expectedCost)) {
        throw new RecnasError('INVARIANT', 'an architecture step must report a finite expectedCost');
      }
      return { step: state.step + 1, next: 'weights', architectureSteps, curve: point === undefined ? state.curve : [...state.curve, point] };
    },
  };
}

/** Decodes options (CONFIG_INVALID with JSON paths) and creates the strategy. */
export function decodeDifferentiableSearch(input: DifferentiableSearchOptionsInput | unknown): E.Either<RecnasError, DifferentiableSearch> {
  return E.map(createDifferentiableSearch)(decodeWith(DifferentiableSearchOptionsCodec, input, 'differentiable search options'));
}

/**
 * DNS-Rec's hard selection: the most probable option of every choice group (ties go to the first, i.e.
 * the smaller, option), as an architecture of `space`. `probabilities` holds one vector per group of
 * `sequentialChoiceGroups(space)` (typically averaged over the held-out slice). INVARIANT on a missing
 * group or a vector of the wrong length.
 */
export function selectSequentialArchitecture(space: SequentialSpace, probabilities: Readonly<Record<string, ReadonlyArray<number>>>): SequentialArchitecture {
  const choices: Record<string, number> = {};
  for (const group of sequentialChoiceGroups(space)) {
    const values = probabilities[group.name];
    if (values === undefined || values.length !== group.options.length) {
      throw new RecnasError('INVARIANT', `hard selection: group ${group.name} needs ${group.options.length} probabilities, got ${values?.length ?? 'none'}`);
    }
    let best = 0;
    for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
    choices[group.name] = best;
  }
  return architectureFromChoices(space, choices);
}
