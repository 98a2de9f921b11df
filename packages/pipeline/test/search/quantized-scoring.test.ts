import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng, type ArchEncoding } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { HARDWARE_PRESETS, DEFAULT_RERAM_PIM, type HardwareConfig } from '@recnas/pim-sim';
import { sampleArchitecture } from '@recnas/search-strategies';
import { decodeRunConfig } from '../../src/run-config.js';
import { loadScoringContext, scoreArchitecture, type ScoringContext } from '../../src/stages/candidate-scoring.js';
import { scoringSpec } from '../../src/stages/search-stage.js';
import { runSupernetStage } from '../../src/stages/supernet-stage.js';
import { weightPrecisionPlanOf, type WeightPrecisionPlan } from '../../src/stages/weight-precision-plan.js';
import { builtinOperators } from '../builtin-operators.js';

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;
const runDir = mkdtempSync(join(tmpdir(), 'recnas-quantized-'));
let context: ScoringContext;

const registry = builtinOperators;

const decoded = decodeRunConfig({
  data: { path: CRITEO, format: 'criteo', vocabCap: 2000 },
  supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 20, batchSize: 64 },
  search: { fineTuneSteps: 4, fineTuneBatchSize: 64 },
  seed: 7,
});
if (E.isLeft(decoded)) throw decoded.left;
const config = decoded.right;

beforeAll(async () => {
  await initBackend({ logger: () => undefined });
  const trained = await runSupernetStage(runDir, config, registry());
  if (E.isLeft(trained)) throw trained.left;
  context = await loadScoringContext(scoringSpec(runDir, config), registry(), trained.right.supernet);
});
afterAll(() => {
  context?.supernet.dispose();
  rmSync(runDir, { recursive: true, force: true });
});

/** naivePim (every matrix operator on ReRAM) with `weightBits`. */
const reramAt = (weightBits: number): HardwareConfig => ({ ...HARDWARE_PRESETS.naivePim, reramPim: { ...DEFAULT_RERAM_PIM, weightBits } });

function planOf(arch: ArchEncoding, hardware: HardwareConfig): WeightPrecisionPlan | undefined {
  const plan = weightPrecisionPlanOf(arch, context.costConfig, hardware);
  if (E.isLeft(plan)) throw plan.left;
  return plan.right;
}

/** Independent reference: tf ops on a standalone subnet, q = sign(w) floor(|w| qmax / max|w| + 1/2) per column. */
function referenceQuantizedLogLoss(arch: ArchEncoding, plan: WeightPrecisionPlan): number {
  const subnet = context.supernet.extractSubnet(arch);
  if (E.isLeft(subnet)) throw subnet.left;
  try {
    const qmax = 2 ** (plan.weightBits - 1) - 1;
    for (const [name, variable] of subnet.right.namedVariables()) {
      if (variable.rank !== 2 || !plan.modules.some((prefix) => name.startsWith(prefix))) continue;
      const quantized = tf.tidy(() => {
        const maxAbs = tf.max(tf.abs(variable), 0, true);
        const safe = tf.where(tf.equal(maxAbs, 0), tf.onesLike(maxAbs), maxAbs);
        const levels = tf.mul(tf.sign(variable), tf.floor(tf.add(tf.div(tf.mul(tf.abs(variable), qmax), safe), 0.5)));
        return tf.div(tf.mul(levels, safe), qmax);
      });
      variable.assign(quantized);
      quantized.dispose();
    }
    return subnet.right.evaluate(context.validation).logLoss;
  } finally {
    subnet.right.dispose();
  }
}

describe('quantization-aware candidate scoring', () => {
  it('scores 4-bit ReRAM weights differently from 16-bit, matching an independent fake-quantized forward pass, and restores the supernet', () => {
    const arch = sampleArchitecture(context.supernet.space, Rng.fromSeed(11));
    const plan4 = planOf(arch, reramAt(4)) as WeightPrecisionPlan;
    const plan16 = planOf(arch, reramAt(16)) as WeightPrecisionPlan;
    expect(planOf(arch, HARDWARE_PRESETS.hostOnly)).toBeUndefined();
    expect(plan4.weightBits).toBe(4);
    expect(plan4.modules).toContain('head/');
    expect(plan4.modules.some((prefix) => prefix.startsWith('block0/dense/'))).toBe(true);

    const float = scoreArchitecture(context, arch);
    const at4 = scoreArchitecture(context, arch, plan4);
    const at16 = scoreArchitecture(context, arch, plan16);
    // Inherited weights (no fine-tuning): exactly the independent computation on a standalone subnet.
    expect(at4.inheritedLogLoss as number).toBeCloseTo(referenceQuantizedLogLoss(arch, plan4), 5);
    expect(at16.inheritedLogLoss as number).toBeCloseTo(referenceQuantizedLogLoss(arch, plan16), 5);
    // 4 bits cost LogLoss; 16 bits are nearly lossless.
    expect(at4.inheritedLogLoss).not.toBe(at16.inheritedLogLoss);
    expect(at4.validationLogLoss).not.toBe(at16.validationLogLoss);
    expect(Math.abs((at4.inheritedLogLoss as number) - (float.inheritedLogLoss as number))).toBeGreaterThan(Math.abs((at16.inheritedLogLoss as number) - (float.inheritedLogLoss as number)));
    // The supernet's float32 weights came back exactly: scoring at full precision again is bit-identical.
    const again = scoreArchitecture(context, arch);
    expect(again.validationLogLoss).toBe(float.validationLogLoss);
    expect(again.inheritedLogLoss).toBe(float.inheritedLogLoss);
  });
});
