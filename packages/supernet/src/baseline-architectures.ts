import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, decodeArchEncodingFor, defineSearchSpace, type ArchEncoding, type OperatorKind, type SearchSpace } from '@recnas/core';
import type { BaselineRequirements } from './baseline-requirements.js';
import { checkRequirements, nearestWidth, smallestWidth, widthAt } from './internal/baseline-blocks.js';

export type { BaselineRequirements } from './baseline-requirements.js';

/** A baseline block before decoding: plain numbers, branded and checked by `decodeArchEncodingFor`. */
export interface BaselineBlock {
  readonly denseOp: string;
  readonly sparseOp: string;
  readonly denseWidth: number;
  readonly sparseWidth: number;
  readonly denseInputs: ReadonlyArray<number>;
  readonly sparseInputs: ReadonlyArray<number>;
  readonly denseSparseInteract: boolean;
  readonly deepFm: boolean;
}

/** A hand-designed CTR model written as an architecture of a NASRec-style space (SPEC section 5). */
export interface BaselineArchitecture {
  /** Kebab-case id: `dnn`, `dlrm`, `deepfm`, `autoint`. */
  readonly id: string;
  /** The published model and where it comes from. */
  readonly reference: string;
  /** What the space must offer (operators, toggles, blocks). */
  readonly requirements: BaselineRequirements;
  /**
   * Operators the baseline brings itself, outside NASRec's spaces (DCN-v2's `cross-v2`): `baselineSpace` adds
   * them to the run's space for this baseline only; they never enter the supernet.
   */
  readonly ownOperators?: ReadonlyArray<readonly [id: string, kind: OperatorKind]>;
  /** The model's blocks for `space` (`space.blocks` of them); widths are the space's closest to the published ones. */
  readonly blocks: (space: SearchSpace) => BaselineBlock[];
}

/** Hidden width of the DNN baselines: 400, the DNN of DeepFM's and AutoInt's Criteo experiments (512 in NASRec's widths). */
const PUBLISHED_MLP_WIDTH = 400;
/** Rows of the EFC tower: 32 covers Criteo's 26 fields and 8 dense rows without compressing them. */
const EFC_TOWER_ROWS = 32;

/** Block `position` reads the previous block (the stem for the first). */
const previous = (position: number): number[] => [position];

/**
 * DNN (the "DNN" / "FNN-style" baseline of DeepFM, Guo et al. IJCAI 2017, and AutoInt, Song et al. CIKM 2019:
 * an MLP over the dense features and the embeddings). Every block is one hidden layer: `linear-2d` (ReLU)
 * on the dense chain and `linear-3d` (EFC, ReLU) on the embedding chain; block 1 turns on
 * `dense-sparse-interact`, so the dense layer's output joins the embeddings as 8 extra rows, and the later
 * EFC layers mix dense and categorical information; the head FC(1) reads both chains.
 * Not exact: the published DNN's first FC mixes all N x E embedding values at once; an EFC layer mixes
 * fields with one weight per (field, row), shared over the E embedding dims, so mixing across dims happens
 * only in the head. Depth is `space.blocks` (7 in NASRec's spaces) instead of 3; width 512 instead of 400.
 */
const DNN: BaselineArchitecture = {
  id: 'dnn',
  reference: 'DNN baseline of DeepFM (Guo et al., IJCAI 2017) and AutoInt (Song et al., CIKM 2019)',
  requirements: { operators: [['linear-2d', 'dense-unary'], ['linear-3d', 'sparse']], denseSparseInteract: true },
  blocks: (space) =>
    Array.from({ length: space.blocks }, (_, position) => ({
      denseOp: 'linear-2d',
      sparseOp: 'linear-3d',
      denseWidth: nearestWidth(space.denseWidths, PUBLISHED_MLP_WIDTH),
      sparseWidth: nearestWidth(space.sparseWidths, EFC_TOWER_ROWS),
      denseInputs: previous(position),
      sparseInputs: previous(position),
      denseSparseInteract: position === 0,
      deepFm: false,
    })),
};

/**
 * DeepFM (Guo et al., IJCAI 2017): an FM and a DNN sharing the embeddings, their outputs added before the
 * sigmoid. Written as the DNN baseline with NASRec's `deep_fm` toggle on the last block, which adds the
 * projected FM interaction vector of that block's sparse output to its dense output; the head FC(1) then
 * sums the FM and DNN parts linearly, as DeepFM's output unit does.
 * Not exact: the FM acts on the last EFC layer's rows (learned field combinations) rather than on the raw
 * field embeddings, and there is no first-order (per-id weight) FM term; the DNN part differs as in `dnn`.
 */
const DEEP_FM: BaselineArchitecture = {
  id: 'deepfm',
  reference: 'DeepFM (Guo et al., IJCAI 2017)',
  requirements: { ...DNN.requirements, deepFm: true },
  blocks: (space) => DNN.blocks(space).map((block, position) => ({ ...block, deepFm: position === space.blocks - 1 })),
};

/** DLRM's Criteo MLPs (facebookresearch/dlrm, Kaggle run: `--arch-mlp-bot 13-512-256-64-16 --arch-mlp-top 512-256-1`). */
const DLRM_BOTTOM_WIDTHS = [512, 256, 64];
const DLRM_TOP_WIDTHS = [512, 256];
/** Output width of the interaction block: 512 keeps `round(sqrt(2 * 512)) = 32` field rows, so Criteo's 26 fields are not compressed. */
const DLRM_INTERACTION_WIDTH = 512;

/**
 * DLRM (Naumov et al., arXiv 1906.00091): a bottom MLP on the dense features, pairwise dot products of its
 * output with every embedding, and a top MLP over the dot products concatenated with the bottom output.
 * Blocks `1..b` (`b = floor((blocks - 1) / 2)`) are the bottom MLP (`linear-2d`, widths 512-256-64);
 * block `b + 1` is `dot-product` over the bottom output and the raw embeddings; the remaining blocks are
 * the top MLP (512-256), the first reading the bottom output and the interaction, as DLRM concatenates them.
 * Not exact: `dot-product` projects the bottom output to E (DLRM's last bottom layer, 16) and the 26 fields
 * to 32 rows before the dot products, and projects the pairs to 512 features; every block must also have a
 * sparse operator, so each runs the cheapest one (`linear-3d` over the raw embeddings at the smallest
 * width), and the head reads the last block's rows beside the top MLP (a small linear "wide" part).
 */
const DLRM: BaselineArchitecture = {
  id: 'dlrm',
  reference: 'DLRM (Naumov et al., arXiv 1906.00091; facebookresearch/dlrm Criteo Kaggle configuration)',
  requirements: { operators: [['linear-2d', 'dense-unary'], ['dot-product', 'dense-sparse'], ['linear-3d', 'sparse']], minBlocks: 2 },
  blocks: (space) => {
    const bottom = Math.max(1, Math.floor((space.blocks - 1) / 2));
    const cheapSparse = { sparseOp: 'linear-3d', sparseWidth: smallestWidth(space.sparseWidths), sparseInputs: [0], denseSparseInteract: false, deepFm: false };
    return Array.from({ length: space.blocks }, (_, position): BaselineBlock => {
      if (position < bottom) {
        return { ...cheapSparse, denseOp: 'linear-2d', denseWidth: nearestWidth(space.denseWidths, widthAt(DLRM_BOTTOM_WIDTHS, position)), denseInputs: previous(position) };
      }
      if (position === bottom) {
        return { ...cheapSparse, denseOp: 'dot-product', denseWidth: nearestWidth(space.denseWidths, DLRM_INTERACTION_WIDTH), denseInputs: [bottom] };
      }
      const top = position - bottom - 1;
      return {
        ...cheapSparse,
        denseOp: 'linear-2d',
        denseWidth: nearestWidth(space.denseWidths, widthAt(DLRM_TOP_WIDTHS, top)),
        denseInputs: top === 0 ? [bottom, bottom + 1] : previous(position),
      };
    });
  },
};

/** AutoInt's attention tower: 26 field rows plus 8 dense rows fit in 32 (NASRec's sparse widths: 16, 32, 48, 64). */
const AUTOINT_ROWS = 32;

/**
 * AutoInt (Song et al., CIKM 2019), with the DNN of its AutoInt+ variant: stacked multi-head self-attention
 * over the field embeddings with residual connections, its output flattened into the final logistic layer.
 * Every block runs `transformer` on the previous block's rows; block 1 turns on `dense-sparse-interact`, so
 * the dense features enter the attention as 8 extra rows (AutoInt embeds numerical fields as vectors too);
 * the dense chain is a `linear-2d` MLP (width 512) on the dense features; the head reads both.
 * Not exact: recnas's transformer first projects the rows to the block's width (32), uses 8 heads of 2 dims
 * (AutoInt: 2 heads of 32, projected attention space) and adds an FFN and LayerNorms; depth is `space.blocks`
 * attention layers instead of 3; the AutoInt+ DNN sees the dense features only.
 */
const AUTOINT: BaselineArchitecture = {
  id: 'autoint',
  reference: 'AutoInt / AutoInt+ (Song et al., CIKM 2019)',
  requirements: { operators: [['linear-2d', 'dense-unary'], ['transformer', 'sparse']], denseSparseInteract: true },
  blocks: (space) =>
    Array.from({ length: space.blocks }, (_, position) => ({
      denseOp: 'linear-2d',
      sparseOp: 'transformer',
      denseWidth: nearestWidth(space.denseWidths, PUBLISHED_MLP_WIDTH),
      sparseWidth: nearestWidth(space.sparseWidths, AUTOINT_ROWS),
      denseInputs: previous(position),
      sparseInputs: previous(position),
      denseSparseInteract: position === 0,
      deepFm: false,
    })),
};

/** DCN-v2's deep network width on Criteo is several hundred; NASRec's nearest widths give 512 (or the space's widest below). */
const DCN_DEEP_WIDTH = 400;

/**
 * DCN-v2 (Wang et al., WWW 2021), the stacked structure: a full-rank cross network over the concatenated dense
 * features and embeddings, then a deep network on its output. Block 1 runs `cross-v2` (3 cross layers, projected to
 * the block's width) over the stem's dense features and embeddings; the other blocks are a `linear-2d` MLP, each on
 * the previous block; every block runs the cheapest sparse operator (`linear-3d` over the raw embeddings at the
 * smallest width), as in `dlrm`. `cross-v2` is not an operator of NASRec's spaces: the baseline brings it
 * (`ownOperators`), and `baselineSpace('dcn-v2', space)` is the space to build it in.
 * Not exact: the cross network's output is projected (LayerNorm, ReLU) to the block width before the deep network,
 * and the head also reads the last block's rows (a small linear part).
 */
const DCN_V2: BaselineArchitecture = {
  id: 'dcn-v2',
  reference: 'DCN-v2 (Wang et al., WWW 2021), stacked, full-rank cross layers',
  requirements: { operators: [['cross-v2', 'dense-sparse'], ['linear-2d', 'dense-unary'], ['linear-3d', 'sparse']] },
  ownOperators: [['cross-v2', 'dense-sparse']],
  blocks: (space) =>
    Array.from({ length: space.blocks }, (_, position): BaselineBlock => ({
      denseOp: position === 0 ? 'cross-v2' : 'linear-2d',
      sparseOp: 'linear-3d',
      denseWidth: nearestWidth(space.denseWidths, DCN_DEEP_WIDTH),
      sparseWidth: smallestWidth(space.sparseWidths),
      denseInputs: previous(position),
      sparseInputs: [0],
      denseSparseInteract: false,
      deepFm: false,
    })),
};

/** The hand-designed baselines by id (SPEC section 5: DNN, DLRM, DeepFM and AutoInt; and DCN-v2, issue 15). */
export const BASELINE_ARCHITECTURES: Readonly<Record<string, BaselineArchitecture>> = Object.freeze({
  dnn: DNN,
  dlrm: DLRM,
  deepfm: DEEP_FM,
  autoint: AUTOINT,
  'dcn-v2': DCN_V2,
});

/**
 * The space baseline `id` is built in: `space` itself, or for a baseline with its own operators (DCN-v2) `space`
 * plus those operators under the id `<space id>+<baseline id>`. Fails with CONFIG_INVALID for an unknown id.
 * @example
 * const space = baselineSpace('dcn-v2', NASREC_FULL_SPACE); // Right: nasrec-full+dcn-v2, with cross-v2
 */
export function baselineSpace(id: string, space: SearchSpace): E.Either<RecnasError, SearchSpace> {
  const baseline = Object.hasOwn(BASELINE_ARCHITECTURES, id) ? BASELINE_ARCHITECTURES[id] : undefined;
  if (baseline === undefined) return unknownBaseline(id);
  const missing = (baseline.ownOperators ?? []).filter(([opId]) => !space.operators.some((op) => op.id === opId));
  if (missing.length === 0) return E.right(space);
  return defineSearchSpace({ ...space, id: `${space.id}+${id}`, operators: [...space.operators, ...missing.map(([opId, kind]) => ({ id: opId, kind }))] });
}

function unknownBaseline(id: string): E.Either<RecnasError, never> {
  const known = Object.keys(BASELINE_ARCHITECTURES).join(', ');
  return E.left(new RecnasError('CONFIG_INVALID', `unknown baseline "${id}" (known: ${known})`, { id, known }));
}

/**
 * The baseline `id` as a valid architecture of `space` (checked by `validateArchEncoding`; its `metadata`
 * names the baseline). Fails with CONFIG_INVALID for an unknown id (listing the known ones) or a space that
 * lacks an operator or toggle the baseline needs (AutoInt needs `transformer`, so not NASRec-Small; DCN-v2 needs
 * `cross-v2`: pass `baselineSpace('dcn-v2', space)`).
 * @example
 * const dlrm = baselineArchitecture('dlrm', NASREC_FULL_SPACE); // Either<RecnasError, ArchEncoding>
 */
export function baselineArchitecture(id: string, space: SearchSpace): E.Either<RecnasError, ArchEncoding> {
  const baseline = Object.hasOwn(BASELINE_ARCHITECTURES, id) ? BASELINE_ARCHITECTURES[id] : undefined;
  if (baseline === undefined) return unknownBaseline(id);
  return E.flatMap(checkRequirements(id, space, baseline.requirements), () =>
    decodeArchEncodingFor({ space: space.id, blocks: baseline.blocks(space), metadata: { baseline: id } }, space),
  );
}
