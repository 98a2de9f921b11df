import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '@recnas/core';

/**
 * Writes a one-line-per-user file (`user item item ...`, as Beauty.txt) of `users` users over `items`
 * items with a learnable pattern: user u starts at a seeded item s and walks s, s+1, s+2, ... (mod items)
 * for 5 to 9 events. Returns its path.
 */
export function writeWalkSequences(dir: string, users = 60, items = 12, seed = 5, name = 'walk.txt'): string {
  const rng = Rng.fromSeed(seed);
  const lines: string[] = [];
  for (let user = 1; user <= users; user++) {
    const start = rng.nextInt(items);
    const count = 5 + rng.nextInt(5);
    lines.push([user, ...Array.from({ length: count }, (_, k) => ((start + k) % items) + 1)].join(' '));
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A run small enough for a test: hidden 16, 2 layers, 2 epochs of training, a few search steps per variant. */
export function tinySequentialConfig(path: string): Record<string, unknown> {
  return {
    task: 'sequential',
    data: { path, format: 'amazon-user-list', maxLength: 8 },
    seed: 7,
    model: { space: { maxLayers: 2, maxHeads: 2, attentionWidth: 16, hiddenWidths: [8, 16], ffnWidths: [16, 32] }, dropout: 0.1, attentionDropout: 0.1 },
    training: { epochs: 2, batchSize: 16, learningRate: 0.01 },
    search: { epochs: 2, batchSize: 16, learningRate: 0.01, recordEvery: 1, checkpointEverySteps: 2 },
    evaluation: { ks: [5, 10], protocol: 'full' },
  };
}
