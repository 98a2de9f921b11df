import { archHash, type ArchEncoding } from '@recnas/core';

/**
 * Draws proposed architectures per slot before the slot is given up (the budget then shrinks by one): dedup
 * retries are bounded so that a small or nearly exhausted space cannot stall a search.
 */
export const PROPOSAL_ATTEMPTS = 100;

/** The first of up to PROPOSAL_ATTEMPTS draws whose hash is not in `seen`, or undefined. */
export function proposeUnique(draw: () => ArchEncoding, seen: ReadonlySet<string>): { arch: ArchEncoding; archHash: string } | undefined {
  for (let attempt = 0; attempt < PROPOSAL_ATTEMPTS; attempt++) {
    const arch = draw();
    const hash = archHash(arch);
    if (!seen.has(hash)) return { arch, archHash: hash };
  }
  return undefined;
}
