import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_PIM_CONFIG_SPACE, HARDWARE_PRESETS } from '@recnas/pim-sim';
import { decodeRunConfig, paretoObjectivesOf, scalarObjectivesOf } from '../src/index.js';

describe('run config: hardware section and objectives', () => {
  it('accepts a preset name and a Pareto objective list, and fills the defaults', () => {
    const decoded = decodeRunConfig({ search: { objectives: ['logloss', 'energy'] }, hardware: { config: 'naivePim' } });
    if (E.isLeft(decoded)) throw decoded.left;
    expect(decoded.right.hardware).toEqual({ config: HARDWARE_PRESETS.naivePim, searchHardware: true, space: DEFAULT_PIM_CONFIG_SPACE, batchSize: 512, refine: { architectures: 3 } });
    expect(paretoObjectivesOf(decoded.right.search.objectives)).toEqual(['loss', 'energy']);
    expect(scalarObjectivesOf(decoded.right.search.objectives)).toEqual({ primary: 'loss', weights: {}, constraints: [] });
  });

  it('keeps the object form of objectives working and has no hardware without the section', () => {
    const decoded = decodeRunConfig({ search: { objectives: { primary: 'loss', constraints: [{ objective: 'flops', max: 1e6 }] } } });
    if (E.isLeft(decoded)) throw decoded.left;
    expect(decoded.right.hardware).toBeUndefined();
    expect(scalarObjectivesOf(decoded.right.search.objectives, [{ objective: 'energy', max: 1 }]).constraints).toHaveLength(2);
  });

  it('rejects a bad hardware JSON with its JSON path', () => {
    const decoded = decodeRunConfig({ hardware: { config: { host: HARDWARE_PRESETS.hostOnly.host, placement: { byKind: { matrix: 'reram-pim' } } } } });
    expect(E.isLeft(decoded) && decoded.left.code).toBe('CONFIG_INVALID');
    expect(E.isLeft(decoded) && decoded.left.message).toContain('placement.byKind.matrix');
    const objectives = decodeRunConfig({ search: { objectives: ['logloss', 'speed'] } });
    expect(E.isLeft(objectives) && objectives.left.message).toContain('search.objectives');
  });
});
