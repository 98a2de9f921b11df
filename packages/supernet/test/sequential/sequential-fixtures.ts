import * as E from 'fp-ts/lib/Either.js';
import { Rng, type SequentialArchitecture, type PositiveInt } from '@recnas/core';
import { buildSequenceDataset, type SequenceDataset, type SequenceEvent } from '@recnas/data-loaders';

const int = (n: number): PositiveInt => n as PositiveInt;

/** A small architecture: d 16, attention 16 over 2 heads, 2 layers with FFN 32. */
export const TINY_ARCHITECTURE: SequentialArchitecture = {
  hiddenWidth: int(16),
  attentionWidth: int(16),
  maxHeads: int(2),
  layers: [
    { heads: int(2), ffnWidth: int(32) },
    { heads: int(2), ffnWidth: int(32) },
  ],
};

/**
 * `users` users over `items` items whose next item is deterministic: user u starts at a seeded item s and
 * walks s, s+1, s+2, ... (mod items; dense ids are in order of first appearance) for 4..`maxEvents` events. A model that learns "next =
 * previous + 1" ranks the held-out item first; chance HR@10 is about 10 / items.
 */
export function walkDataset(users: number, items: number, maxEvents = 10, maxLength = 8, seed = 7): SequenceDataset {
  const rng = Rng.fromSeed(seed);
  const events: SequenceEvent[] = [];
  let row = 0;
  for (let user = 0; user < users; user++) {
    const start = rng.nextInt(items);
    const count = 4 + rng.nextInt(maxEvents - 3);
    for (let k = 0; k < count; k++) events.push({ user: `u${user}`, item: `i${((start + k) % items) + 1}`, timestamp: k, row: row++ });
  }
  const built = buildSequenceDataset(events, { maxLength });
  if (E.isLeft(built)) throw built.left;
  return built.right;
}
