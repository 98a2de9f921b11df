import { createHash } from 'node:crypto';
import * as t from 'io-ts';
import { ArchEncodingCodec, archHash, type RecnasError } from '@recnas/core';
import { CtrDataSourceCodec } from '../stages/ctr-data.js';
import type { CandidateResult } from '../stages/search-history.js';
import type { ScoringTask } from '../stages/scoring-task.js';
import type { ScoringSpec } from '../stages/candidate-scoring.js';
import * as E from 'fp-ts/lib/Either.js';
import { decodeWith } from '@recnas/core';

/** The one BullMQ queue every recnas coordinator and worker uses (a job's id says which run it belongs to). */
export const CANDIDATE_QUEUE = 'recnas-candidates';

/** A file a worker needs: where the coordinator has it, its size and (for blobs in Redis) its SHA-256. */
export const RunFileCodec = t.type({ path: t.string, bytes: t.number, sha256: t.union([t.string, t.null]), inRedis: t.boolean }, 'RunFile');
export type RunFile = t.TypeOf<typeof RunFileCodec>;

/**
 * A job's data: the scoring settings of the run, the files they need, the task, and the package versions
 * of the coordinator (a worker with other versions refuses the job: scores would not be comparable).
 */
export const CandidateJobCodec = t.type(
  {
    spec: t.intersection([
      t.type({ runDir: t.string, data: CtrDataSourceCodec, seed: t.number, fineTuneSteps: t.number, fineTuneLearningRate: t.number, fineTuneBatchSize: t.number }),
      t.partial({ checkpointPath: t.string }),
    ]),
    checkpoint: RunFileCodec,
    data: RunFileCodec,
    // The precision plan is built by the coordinator's own code from a decoded config; it is passed through.
    task: t.intersection([t.type({ arch: ArchEncodingCodec }), t.partial({ precision: t.unknown })]),
    versions: t.record(t.string, t.string),
  },
  'CandidateJob',
);
export interface CandidateJob {
  readonly spec: ScoringSpec;
  readonly checkpoint: RunFile;
  readonly data: RunFile;
  readonly task: ScoringTask;
  readonly versions: Readonly<Record<string, string>>;
}

/** Decodes a job's data (a job from another tool or version of recnas gets a clear error). */
export function decodeCandidateJob(value: unknown): E.Either<RecnasError, CandidateJob> {
  return E.map((job: t.TypeOf<typeof CandidateJobCodec>) => job as unknown as CandidateJob)(decodeWith(CandidateJobCodec, value, 'job'));
}

/**
 * The job id of a task: the run's supernet checksum and scoring settings (so two runs sharing a Redis share a
 * job only when it would give the same score), the architecture hash, and a hash of the weight precision for
 * co-design pairs. BullMQ keeps one job per id, so a candidate enqueued twice (a resumed coordinator) is
 * scored once.
 */
export function candidateJobId(checkpointSha256: string, spec: ScoringSpec, task: ScoringTask): string {
  const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
  const { data, seed, fineTuneSteps, fineTuneLearningRate, fineTuneBatchSize } = spec;
  const settings = hash({ data, seed, fineTuneSteps, fineTuneLearningRate, fineTuneBatchSize });
  const precision = task.precision === undefined ? '' : `-p${hash(task.precision)}`;
  return `${checkpointSha256.slice(0, 16)}-${settings}-${archHash(task.arch)}${precision}`;
}

/** A result as JSON: BullMQ stores return values as JSON, which has no NaN (a diverged candidate's loss). */
export interface EncodedCandidateResult {
  readonly validationLogLoss: number | null;
  readonly inheritedLogLoss?: number | null;
  readonly flopsPerExample: number;
  readonly params: number;
  readonly seconds: number;
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

export function encodeCandidateResult(result: CandidateResult): EncodedCandidateResult {
  return {
    ...result,
    validationLogLoss: finiteOrNull(result.validationLogLoss),
    ...(result.inheritedLogLoss === undefined ? {} : { inheritedLogLoss: finiteOrNull(result.inheritedLogLoss) }),
  };
}

export function decodeCandidateResult(encoded: EncodedCandidateResult): CandidateResult {
  return {
    validationLogLoss: encoded.validationLogLoss ?? Number.NaN,
    ...(encoded.inheritedLogLoss === undefined ? {} : { inheritedLogLoss: encoded.inheritedLogLoss ?? Number.NaN }),
    flopsPerExample: encoded.flopsPerExample,
    params: encoded.params,
    seconds: encoded.seconds,
  };
}

/** The first package whose version differs between two version maps, as a sentence; undefined when equal. */
export function versionMismatch(coordinator: Readonly<Record<string, string>>, worker: Readonly<Record<string, string>>): string | undefined {
  const names = [...new Set([...Object.keys(coordinator), ...Object.keys(worker)])].sort();
  for (const name of names) {
    if (coordinator[name] !== worker[name]) {
      return `${name} is ${worker[name] ?? 'missing'} on this worker but ${coordinator[name] ?? 'missing'} on the coordinator`;
    }
  }
  return undefined;
}
