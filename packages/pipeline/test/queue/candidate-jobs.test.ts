import { describe, expect, it } from 'vitest';
import { Rng } from '@recnas/core';
import { NASREC_FULL_SPACE } from '@recnas/core';
import { sampleArchitecture } from '@recnas/search-strategies';
import { candidateJobId } from '../../src/index.js';
import { decodeCandidateJob, decodeCandidateResult, encodeCandidateResult, versionMismatch } from '../../src/queue/candidate-jobs.js';
import type { ScoringSpec } from '../../src/stages/candidate-scoring.js';

const spec: ScoringSpec = { runDir: '/runs/a', data: { path: '/data/train.csv', format: 'criteo' }, seed: 7, fineTuneSteps: 100, fineTuneLearningRate: 0.04, fineTuneBatchSize: 128 };
const arch = sampleArchitecture(NASREC_FULL_SPACE, Rng.fromSeed(3));
const SHA = 'ab'.repeat(32);

describe('candidate job ids', () => {
  it('are the same for the same supernet, settings and architecture, wherever the run directory is', () => {
    expect(candidateJobId(SHA, spec, { arch })).toBe(candidateJobId(SHA, { ...spec, runDir: '/elsewhere' }, { arch }));
    expect(candidateJobId(SHA, spec, { arch })).not.toContain(':');
  });

  it('differ when anything that changes the score differs', () => {
    const id = candidateJobId(SHA, spec, { arch });
    expect(candidateJobId('cd'.repeat(32), spec, { arch })).not.toBe(id);
    expect(candidateJobId(SHA, { ...spec, fineTuneSteps: 50 }, { arch })).not.toBe(id);
    expect(candidateJobId(SHA, { ...spec, seed: 8 }, { arch })).not.toBe(id);
    expect(candidateJobId(SHA, spec, { arch: sampleArchitecture(NASREC_FULL_SPACE, Rng.fromSeed(4)) })).not.toBe(id);
    expect(candidateJobId(SHA, spec, { arch, precision: { bits: 4 } as never })).not.toBe(id);
  });
});

describe('candidate results through JSON', () => {
  it('keep a diverged candidate diverged (JSON has no NaN) and every number exact', () => {
    const result = { validationLogLoss: Number.NaN, inheritedLogLoss: 0.1 + 0.2, flopsPerExample: 12345, params: 678, seconds: 1.5 };
    const through = decodeCandidateResult(JSON.parse(JSON.stringify(encodeCandidateResult(result))));
    expect(through.validationLogLoss).toBeNaN();
    expect(through).toEqual(result);
  });
});

describe('job data', () => {
  it('is checked: a job from something else is an error naming the bad field', () => {
    const decoded = decodeCandidateJob({ spec, checkpoint: { path: 'x', bytes: 1, sha256: SHA, inRedis: true }, data: { path: 'y', bytes: 1, sha256: null, inRedis: false }, task: { arch: { space: 'nope' } }, versions: {} });
    expect(decoded._tag).toBe('Left');
    if (decoded._tag === 'Left') expect(decoded.left.message).toContain('task');
  });
});

describe('versionMismatch', () => {
  it('names the first package whose version differs, or nothing', () => {
    expect(versionMismatch({ '@recnas/a': '1.0.0', '@recnas/b': '2.0.0' }, { '@recnas/a': '1.0.0', '@recnas/b': '2.0.0' })).toBeUndefined();
    expect(versionMismatch({ '@recnas/a': '1.0.0', '@recnas/b': '2.0.0' }, { '@recnas/a': '1.0.0', '@recnas/b': '2.1.0' })).toBe('@recnas/b is 2.1.0 on this worker but 2.0.0 on the coordinator');
    expect(versionMismatch({ '@recnas/a': '1.0.0' }, {})).toBe('@recnas/a is missing on this worker but 1.0.0 on the coordinator');
  });
});
