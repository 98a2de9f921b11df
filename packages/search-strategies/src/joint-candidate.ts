import * as t from 'io-ts';
import { ArchEncodingCodec, SearchSpaceCodec, archHash, fnv1a64, strictType, type ArchEncoding, type SearchSpace } from '@recnas/core';
import { PimConfigSpaceCodec, type PimChoice, type PimConfigSpace } from '@recnas/pim-sim';

/** A point of a PIM config space as JSON: label -> value (`enumeratePimChoices` labels). */
export const PimChoiceCodec: t.Type<PimChoice, PimChoice, unknown> = t.record(t.string, t.union([t.string, t.number, t.boolean]), 'PimChoice');

/**
 * A joint architecture + hardware candidate (issue 13 part 3): the architecture encoding and the PIM
 * hardware choice it runs on (`{}` when the hardware is fixed and not searched).
 */
export const JointCandidateCodec = strictType({ architecture: ArchEncodingCodec, hardware: PimChoiceCodec }, 'JointCandidate');
export type JointCandidate = t.TypeOf<typeof JointCandidateCodec>;

/**
 * The joint search space: the architecture space and the PIM config space (`null`: the hardware is fixed,
 * only the architecture is searched).
 */
export const JointSpaceCodec = strictType({ architecture: SearchSpaceCodec, hardware: t.union([PimConfigSpaceCodec, t.null]) }, 'JointSpace');
export interface JointSpace {
  readonly architecture: SearchSpace;
  readonly hardware: PimConfigSpace | null;
}

/** The hardware choice as canonical JSON: keys sorted, no whitespace. */
export function pimChoiceCanonicalJson(choice: PimChoice): string {
  const keys = Object.keys(choice).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(choice[key])}`).join(',')}}`;
}

/** The stable hash of a hardware choice: FNV-1a 64 of its canonical JSON, 16 hex digits. */
export function pimChoiceHash(choice: PimChoice): string {
  return fnv1a64(pimChoiceCanonicalJson(choice));
}

/**
 * The stable identity of a joint candidate: `<archHash>-<pimChoiceHash>`, so the architecture part (which
 * decides the validation LogLoss) can be read back and its score reused across hardware choices.
 */
export function jointCandidateHash(candidate: { readonly architecture: ArchEncoding; readonly hardware: PimChoice }): string {
  return `${archHash(candidate.architecture)}-${pimChoiceHash(candidate.hardware)}`;
}

/** The architecture hash inside a joint hash (its first 16 hex digits). */
export function architectureHashOf(jointHash: string): string {
  return jointHash.slice(0, jointHash.indexOf('-') < 0 ? jointHash.length : jointHash.indexOf('-'));
}
