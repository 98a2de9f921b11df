import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { decodeWith, isRecnasError, pathFromArch, validateArchEncoding, type ArchEncoding, type Batch, type RecnasError } from '@recnas/core';
import { tf } from '@recnas/engine';
import type { CtrSupernet } from './ctr-supernet.js';
import type { CtrSubnet } from './ctr-subnet.js';
import { headLogits } from './ctr-network.js';
import { evaluateCtrModel, type CtrModelEvaluation } from './ctr-model-evaluation.js';
import { FineTuneOptionsCodec, type FineTuneOptions, type FineTuneOptionsInput } from './fine-tune-options.js';
import { fineTuneHead } from './internal/head-fine-tuning.js';
import type { CtrHeadParameters } from './ctr-head-parameters.js';

/** A candidate's validation score: LogLoss, AUC and count, with the fine-tuning behind it. */
export interface CandidateScore extends CtrModelEvaluation {
  /** Head-only fine-tuning steps taken before scoring (0: the inherited supernet weights). */
  readonly fineTuneSteps: number;
  /** Training loss of the first and last fine-tuning step (NaN without fine-tuning). */
  readonly fineTuneLoss: { readonly first: number; readonly last: number };
}

function decodeOptions(input: FineTuneOptionsInput): E.Either<RecnasError, FineTuneOptions> {
  return decodeWith(FineTuneOptionsCodec, input, 'fine-tune options');
}

/** Runs `work`, turning the DATA_EMPTY it throws for batches that run out into a Left. */
function catchEmptyBatches<A>(work: () => A): E.Either<RecnasError, A> {
  try {
    return E.right(work());
  } catch (error) {
    if (isRecnasError(error) && error.code === 'DATA_EMPTY') return E.left(error);
    throw error;
  }
}

/**
 * Post-training fine-tuning (NASRec, SPEC section 5): a standalone subnet of `arch` with the supernet's
 * weights and embeddings (`extractSubnet`) whose head FC(1) alone is then trained for
 * `options.fineTuneSteps` steps over `trainBatches` (cycled; Adagrad, lr 0.04 cosine by default, see
 * `FineTuneOptionsCodec`). The supernet is left untouched. Fails with CONFIG_INVALID (architecture or
 * options) or DATA_EMPTY (no batch while steps remain).
 */
export function fineTuneCandidate(
  supernet: CtrSupernet,
  arch: ArchEncoding,
  trainBatches: Iterable<Batch>,
  options: FineTuneOptionsInput = {},
): E.Either<RecnasError, CtrSubnet> {
  return pipe(
    E.Do,
    E.bind('decoded', () => decodeOptions(options)),
    E.bind('subnet', () => supernet.extractSubnet(arch)),
    E.flatMap(({ decoded, subnet }) => {
      const tuned = catchEmptyBatches(() => fineTuneHead((batch) => subnet.headFeatures(batch), trainBatches, subnet.headParameters(), decoded));
      if (E.isLeft(tuned)) {
        subnet.dispose();
        return tuned;
      }
      subnet.setHeadParameters(tuned.right.head);
      return E.right(subnet);
    }),
  );
}

function evaluateWithHead(supernet: CtrSupernet, arch: ArchEncoding, head: CtrHeadParameters, batches: Iterable<Batch>): CtrModelEvaluation {
  const path = pathFromArch(arch);
  const kernel = tf.tensor2d(head.kernel, [head.kernel.length, 1], 'float32');
  const bias = tf.tensor1d(head.bias, 'float32');
  try {
    return evaluateCtrModel(
      {
        forward: (batch) => {
          const features = supernet.headFeatures(batch, path);
          try {
            return tf.tidy(() => headLogits(features, kernel, bias));
          } finally {
            features.dispose();
          }
        },
      },
      batches,
    );
  } finally {
    tf.dispose([kernel, bias]);
  }
}

/**
 * Scores `arch` for the search: fine-tunes a copy of the supernet's head along `pathFromArch(arch)` on
 * `trainBatches` (as `fineTuneCandidate`, without copying any other weight), then returns LogLoss and AUC on
 * `validationBatches`. `fineTuneSteps: 0` scores the inherited weights (NASRec's "no fine-tuning" ablation).
 * Deterministic; the supernet is unchanged and every tensor created is freed. Fails with CONFIG_INVALID or
 * DATA_EMPTY.
 * @example
 * const score = scoreCandidate(supernet, arch, trainBatches, validationBatches, { fineTuneSteps: 500 });
 * // E.isRight(score): score.right.logLoss, score.right.auc
 */
export function scoreCandidate(
  supernet: CtrSupernet,
  arch: ArchEncoding,
  trainBatches: Iterable<Batch>,
  validationBatches: Iterable<Batch>,
  options: FineTuneOptionsInput = {},
): E.Either<RecnasError, CandidateScore> {
  return pipe(
    E.Do,
    E.bind('decoded', () => decodeOptions(options)),
    E.bind('valid', () => validateArchEncoding(arch, supernet.space)),
    E.bind('tuned', ({ decoded, valid }) => {
      const path = pathFromArch(valid);
      const initial = supernet.headParameters();
      if (decoded.fineTuneSteps === 0) return E.right({ head: initial, losses: [] as ReadonlyArray<number> });
      return catchEmptyBatches(() => fineTuneHead((batch) => supernet.headFeatures(batch, path), trainBatches, initial, decoded));
    }),
    E.map(({ decoded, valid, tuned }) => ({
      ...evaluateWithHead(supernet, valid, tuned.head, validationBatches),
      fineTuneSteps: decoded.fineTuneSteps,
      fineTuneLoss: { first: tuned.losses[0] ?? Number.NaN, last: tuned.losses[tuned.losses.length - 1] ?? Number.NaN },
    })),
  );
}
