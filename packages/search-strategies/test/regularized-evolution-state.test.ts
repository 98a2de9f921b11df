import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, Rng, archHash } from '@recnas/core';
import { decodeRegularizedEvolutionState, sampleArchitecture } from '../src/index.js';
import { evolution, plantedLoss } from './fixtures/strategies.js';
import { runSearch } from './fixtures/synthetic-search.js';

const loss = plantedLoss(sampleArchitecture(NASREC_FULL_SPACE, Rng.fromSeed(999)));
const options = { population: 10, generations: 8, childrenPerGeneration: 3, tournamentSize: 5, initialMutations: 4, finalMutations: 1 };

/** A mid-search state, encoded as a checkpoint file holds it. */
function midSearchCheckpoint(): Record<string, unknown> {
  const strategy = evolution(options);
  let state = strategy.init(NASREC_FULL_SPACE, 12);
  for (let call = 0; call < 6; call++) {
    const asked = strategy.ask(state, 4);
    state = strategy.tell(asked.state, asked.candidates.slice(1).map((arch) => ({ archHash: archHash(arch), objectives: loss(arch) })));
  }
  expect(state.pending.length).toBeGreaterThan(0);
  expect(state.population.length).toBeGreaterThan(0);
  return JSON.parse(JSON.stringify(strategy.stateCodec.encode(state))) as Record<string, unknown>;
}

function messageOf(input: unknown): string {
  const decoded = decodeRegularizedEvolutionState(input);
  if (E.isRight(decoded)) throw new Error('expected the state to be rejected');
  expect(decoded.left.code).toBe('CHECKPOINT_CORRUPT');
  return decoded.left.message;
}

describe('RegularizedEvolutionStateCodec', () => {
  it('resumes exactly: a JSON round trip of the state between every call changes nothing', () => {
    for (const askCount of [1, 3, 7]) {
      const strategy = evolution(options);
      const settings = { askCount, scrambleTells: true };
      const straight = runSearch(strategy, strategy.init(NASREC_FULL_SPACE, 77), loss, { ...settings, roundTrip: false });
      const resumed = runSearch(strategy, strategy.init(NASREC_FULL_SPACE, 77), loss, { ...settings, roundTrip: true });
      expect(straight.proposed).toHaveLength(10 + 8 * 3);
      expect(resumed.proposed).toEqual(straight.proposed);
      expect(resumed.evaluations).toEqual(straight.evaluations);
      expect(resumed.finalState).toEqual(straight.finalState);
      expect(JSON.stringify(strategy.stateCodec.encode(resumed.finalState))).toBe(JSON.stringify(strategy.stateCodec.encode(straight.finalState)));
    }
  });

  it('continues in a fresh strategy object from a checkpoint written mid-generation', () => {
    const straight = evolution(options);
    const whole = runSearch(straight, straight.init(NASREC_FULL_SPACE, 31), loss, { askCount: 2, scrambleTells: false, roundTrip: false });
    const first = evolution(options);
    let state = first.init(NASREC_FULL_SPACE, 31);
    const proposed = [];
    for (let call = 0; call < 9; call++) {
      const asked = first.ask(state, 2);
      proposed.push(...asked.candidates);
      state = first.tell(asked.state, whole.evaluations.filter((evaluation) => asked.state.pending.some((p) => p.archHash === evaluation.archHash)));
    }
    const checkpoint = JSON.stringify(first.stateCodec.encode(state));
    const restored = decodeRegularizedEvolutionState(JSON.parse(checkpoint));
    if (E.isLeft(restored)) throw restored.left;
    const second = evolution({ population: 1, generations: 1, childrenPerGeneration: 1, tournamentSize: 1 }); // options come from the state
    const rest = runSearch(second, restored.right, loss, { askCount: 2, scrambleTells: false, roundTrip: false });
    expect([...proposed, ...rest.proposed]).toEqual(whole.proposed);
  });

  it('gives different searches for different seeds', () => {
    const strategy = evolution(options);
    const settings = { askCount: 4, scrambleTells: false, roundTrip: false };
    const a = runSearch(strategy, strategy.init(NASREC_FULL_SPACE, 1), loss, settings);
    const b = runSearch(strategy, strategy.init(NASREC_FULL_SPACE, 2), loss, settings);
    expect(a.proposed).not.toEqual(b.proposed);
  });

  it('decodes a mid-search checkpoint', () => {
    const checkpoint = midSearchCheckpoint();
    expect(E.isRight(decodeRegularizedEvolutionState(checkpoint))).toBe(true);
  });

  it('rejects bad fields at their JSON paths', () => {
    const checkpoint = midSearchCheckpoint();
    const message = messageOf({ ...checkpoint, rng: [1, 2, 3], generation: -1, seen: 'x', extra: true });
    expect(message).toContain('rng: expected RngState, got [1,2,3]');
    expect(message).toContain('generation: expected non-negative integer, got -1');
    expect(message).toContain('seen: expected Array<string>, got "x"');
    expect(message).toContain('extra: expected no such key (unknown key), got true');
    expect(messageOf({ ...checkpoint, rng: [0, 0, 0, 0] })).toContain('rng: expected RngState, got [0,0,0,0]');
    const options = checkpoint['options'] as Record<string, unknown>;
    expect(messageOf({ ...checkpoint, options: { ...options, tournamentSize: 11 } })).toContain(
      'options.tournamentSize: expected at most population (10), got 11',
    );
  });

  it('rejects records that contradict the space, their hashes or the counters', () => {
    const checkpoint = midSearchCheckpoint();
    const population = checkpoint['population'] as Array<Record<string, unknown>>;
    const pending = checkpoint['pending'] as Array<{ archHash: string; arch: { blocks: Array<Record<string, unknown>> } }>;
    const first = pending[0];
    if (first === undefined) throw new Error('no pending candidate');
    const badArch = { ...first.arch, blocks: first.arch.blocks.map((block, index) => (index === 2 ? { ...block, denseWidth: 17 } : block)) };
    const message = messageOf({
      ...checkpoint,
      population: [{ ...population[0], archHash: 'deadbeefdeadbeef' }, ...population.slice(1)],
      pending: [{ ...first, arch: badArch }, ...pending.slice(1)],
      generationSlotsUsed: 4,
    });
    expect(message).toMatch(/population\[0\]\.archHash: expected the hash of its arch \([0-9a-f]{16}\), got "deadbeefdeadbeef"/);
    expect(message).toContain('pending[0].arch.blocks[2].denseWidth: expected one of 16, 32, 64, 128, 256, 512, 768, 1024, got 17');
    expect(message).toContain('generationSlotsUsed: expected at most options.childrenPerGeneration (3), got 4');
    const seen = checkpoint['seen'] as string[];
    const repeated = seen.find((hash) => hash !== first.archHash);
    const seenMessage = messageOf({ ...checkpoint, seen: [...seen.filter((hash) => hash !== first.archHash), repeated] });
    expect(seenMessage).toContain(`seen[${seen.length - 1}]: expected a hash not listed before`);
    expect(seenMessage).toContain(`pending[0].archHash: expected a hash listed in seen, got "${first.archHash}"`);
  });
});
