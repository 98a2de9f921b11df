import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PositiveIntCodec, strictType, type PositiveInt } from './codecs.js';
import { RecnasError } from './errors.js';
import { decodeWith } from './reporter.js';
import { fnv1a64 } from './fnv1a64.js';

/**
 * One self-attention layer of a SASRec-style encoder: how many attention heads it keeps (each head is
 * `attentionWidth / maxHeads` wide) and the inner width of its feed-forward network.
 */
export const SequentialLayerCodec = strictType({ heads: PositiveIntCodec, ffnWidth: PositiveIntCodec }, 'SequentialLayer');
export type SequentialLayer = t.TypeOf<typeof SequentialLayerCodec>;

/**
 * A SASRec-family architecture (DNS-Rec's search space, docs/decisions/0010-dns-rec.md): the width of the
 * residual stream (item and position embeddings), the attention width (Q/K/V projections, split into
 * `maxHeads` heads of equal width) and one entry per kept layer. `layers.length` is the depth.
 */
export const SequentialArchitectureCodec = strictType(
  {
    hiddenWidth: PositiveIntCodec,
    attentionWidth: PositiveIntCodec,
    maxHeads: PositiveIntCodec,
    layers: t.array(SequentialLayerCodec),
  },
  'SequentialArchitecture',
);
export type SequentialArchitecture = t.TypeOf<typeof SequentialArchitectureCodec>;

/**
 * The choices DNS-Rec prunes over, built at maximum size: `maxLayers` layers of `maxHeads` heads over an
 * `attentionWidth`-wide attention, hidden widths and FFN widths to choose from (ascending; the largest is
 * the supernet's). A depth choice keeps the first k layers (1 <= k <= maxLayers).
 */
export const SequentialSpaceCodec = strictType(
  {
    maxLayers: PositiveIntCodec,
    maxHeads: PositiveIntCodec,
    attentionWidth: PositiveIntCodec,
    hiddenWidths: t.array(PositiveIntCodec),
    ffnWidths: t.array(PositiveIntCodec),
  },
  'SequentialSpace',
);
export type SequentialSpace = t.TypeOf<typeof SequentialSpaceCodec>;

const positive = (value: number): PositiveInt => value as PositiveInt;

/** SASRec as ICLRec trains it (hidden 64, 2 layers, 2 heads, FFN 4 x 64) and DNS-Rec's widths below it. */
export const SASREC_SPACE: SequentialSpace = {
  maxLayers: positive(2),
  maxHeads: positive(2),
  attentionWidth: positive(64),
  hiddenWidths: [16, 32, 48, 64].map(positive),
  ffnWidths: [32, 64, 128, 192, 256].map(positive),
};

const maxOf = (values: ReadonlyArray<number>): number => values.reduce((best, value) => Math.max(best, value), 0);

/** The largest architecture of `space`: the unpruned model the supernet is built as. */
export function largestSequentialArchitecture(space: SequentialSpace): SequentialArchitecture {
  const ffnWidth = positive(maxOf(space.ffnWidths));
  return {
    hiddenWidth: positive(maxOf(space.hiddenWidths)),
    attentionWidth: space.attentionWidth,
    maxHeads: space.maxHeads,
    layers: Array.from({ length: space.maxLayers }, () => ({ heads: space.maxHeads, ffnWidth })),
  };
}

/** Problems of a space, as `path: message` lines (empty when valid). */
export function sequentialSpaceErrors(space: SequentialSpace): string[] {
  const errors: string[] = [];
  const ascending = (values: ReadonlyArray<number>): boolean => values.every((value, i) => i === 0 || value > (values[i - 1] as number));
  if (space.attentionWidth % space.maxHeads !== 0) errors.push(`attentionWidth: ${space.attentionWidth} is not divisible by maxHeads ${space.maxHeads}`);
  if (space.hiddenWidths.length === 0 || !ascending(space.hiddenWidths)) errors.push('hiddenWidths: expected a non-empty ascending list');
  if (space.ffnWidths.length === 0 || !ascending(space.ffnWidths)) errors.push('ffnWidths: expected a non-empty ascending list');
  return errors;
}

/** Problems of an architecture within a space, as `path: message` lines (empty when it belongs to it). */
export function sequentialArchitectureErrors(arch: SequentialArchitecture, space: SequentialSpace): string[] {
  const errors: string[] = [];
  if (!space.hiddenWidths.includes(arch.hiddenWidth)) errors.push(`hiddenWidth: ${arch.hiddenWidth} is not one of ${space.hiddenWidths.join(', ')}`);
  if (arch.attentionWidth !== space.attentionWidth) errors.push(`attentionWidth: expected ${space.attentionWidth}, got ${arch.attentionWidth}`);
  if (arch.maxHeads !== space.maxHeads) errors.push(`maxHeads: expected ${space.maxHeads}, got ${arch.maxHeads}`);
  if (arch.layers.length < 1 || arch.layers.length > space.maxLayers) errors.push(`layers: expected 1 to ${space.maxLayers} layers, got ${arch.layers.length}`);
  arch.layers.forEach((layer, i) => {
    if (layer.heads > space.maxHeads) errors.push(`layers[${i}].heads: ${layer.heads} exceeds maxHeads ${space.maxHeads}`);
    if (!space.ffnWidths.includes(layer.ffnWidth)) errors.push(`layers[${i}].ffnWidth: ${layer.ffnWidth} is not one of ${space.ffnWidths.join(', ')}`);
  });
  return errors;
}

/** Decodes a sequential architecture (JSON) and checks it against `space` when given; CONFIG_INVALID names the path. */
export function decodeSequentialArchitecture(input: unknown, space?: SequentialSpace, what = 'sequential architecture'): E.Either<RecnasError, SequentialArchitecture> {
  return E.flatMap(decodeWith(SequentialArchitectureCodec, input, what), (arch) => {
    const errors = space === undefined ? [] : sequentialArchitectureErrors(arch, space);
    if (arch.attentionWidth % arch.maxHeads !== 0) errors.push(`attentionWidth: ${arch.attentionWidth} is not divisible by maxHeads ${arch.maxHeads}`);
    return errors.length === 0
      ? E.right(arch)
      : E.left(new RecnasError('CONFIG_INVALID', `${what}: ${errors.join('; ')}`, { errors }));
  });
}

/** Stable identity of a sequential architecture: FNV-1a 64 of its canonical JSON, 16 hex digits. */
export function sequentialArchHash(arch: SequentialArchitecture): string {
  const canonical = JSON.stringify({
    attentionWidth: arch.attentionWidth,
    hiddenWidth: arch.hiddenWidth,
    layers: arch.layers.map((layer) => ({ ffnWidth: layer.ffnWidth, heads: layer.heads })),
    maxHeads: arch.maxHeads,
  });
  return fnv1a64(canonical);
}

/**
 * One architecture choice DNS-Rec learns logits for: `depth` (options are layer counts 1..maxLayers),
 * `heads.<l>` (head counts 1..maxHeads of layer l), `ffn.<l>` (FFN widths of layer l) and `hidden` (the
 * residual-stream widths). Options ascend, so "keep the first k" masks are prefix sums over them.
 */
export interface SequentialChoiceGroup {
  readonly name: string;
  readonly options: ReadonlyArray<number>;
}

/** The choice groups of `space`, in a fixed order: depth, then heads and ffn of each layer, then hidden. */
export function sequentialChoiceGroups(space: SequentialSpace): SequentialChoiceGroup[] {
  const counts = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  const groups: SequentialChoiceGroup[] = [{ name: 'depth', options: counts(space.maxLayers) }];
  for (let layer = 0; layer < space.maxLayers; layer++) {
    groups.push({ name: `heads.${layer}`, options: counts(space.maxHeads) }, { name: `ffn.${layer}`, options: [...space.ffnWidths] });
  }
  groups.push({ name: 'hidden', options: [...space.hiddenWidths] });
  return groups;
}

/**
 * The architecture that picks option `choices[name]` (an index) of every group of `space`; layers past the
 * chosen depth are dropped. Throws INVARIANT on a missing group or an index out of range.
 */
export function architectureFromChoices(space: SequentialSpace, choices: Readonly<Record<string, number>>): SequentialArchitecture {
  const pick = (group: SequentialChoiceGroup): number => {
    const index = choices[group.name];
    const option = index === undefined ? undefined : group.options[index];
    if (option === undefined) throw new RecnasError('INVARIANT', `choice ${group.name}: index ${String(index)} is not one of 0..${group.options.length - 1}`);
    return option;
  };
  const byName = new Map(sequentialChoiceGroups(space).map((group) => [group.name, group]));
  const group = (name: string): SequentialChoiceGroup => byName.get(name) as SequentialChoiceGroup;
  const depth = pick(group('depth'));
  return {
    hiddenWidth: positive(pick(group('hidden'))),
    attentionWidth: space.attentionWidth,
    maxHeads: space.maxHeads,
    layers: Array.from({ length: depth }, (_, layer) => ({
      heads: positive(pick(group(`heads.${layer}`))),
      ffnWidth: positive(pick(group(`ffn.${layer}`))),
    })),
  };
}
