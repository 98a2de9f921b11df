import { RecnasError, type Rng } from '@recnas/core';
import { enumeratePimChoices, type PimChoice, type PimConfigSpace } from '@recnas/pim-sim';
import type { JointCandidate, JointSpace } from './joint-candidate.js';
import { mutateArchitecture } from './mutate-architecture.js';
import { sampleArchitecture } from './sample-architecture.js';

/** A uniform random point of `space`: every label of `enumeratePimChoices` drawn independently. */
export function samplePimChoice(space: PimConfigSpace, rng: Rng): PimChoice {
  const choice: Record<string, string | number | boolean> = {};
  for (const [label, options] of Object.entries(enumeratePimChoices(space))) {
    if (options.kind === 'one-of') choice[label] = rng.pick(options.values) as string | number | boolean;
  }
  return choice;
}

/**
 * `choice` with `mutations` distinct labels changed to a different value of `space` (labels with a single
 * value never change; when fewer than `mutations` can change, all of them do).
 */
export function mutatePimChoice(choice: PimChoice, space: PimConfigSpace, mutations: number, rng: Rng): PimChoice {
  if (!Number.isInteger(mutations) || mutations < 0) throw new RecnasError('INVARIANT', `mutatePimChoice: mutations must be a non-negative integer, got ${mutations}`);
  const mutable = Object.entries(enumeratePimChoices(space)).filter(([, options]) => options.kind === 'one-of' && options.values.length > 1);
  const labels = rng.shuffle(mutable.map(([label]) => label)).slice(0, mutations);
  const next: Record<string, string | number | boolean> = { ...choice };
  for (const label of labels) {
    const options = enumeratePimChoices(space)[label];
    if (options?.kind !== 'one-of') continue;
    next[label] = rng.pick(options.values.filter((value) => value !== choice[label])) as string | number | boolean;
  }
  return next;
}

/** A random joint candidate: `sampleArchitecture` and, when the hardware is searched, `samplePimChoice`. */
export function sampleJointCandidate(space: JointSpace, rng: Rng): JointCandidate {
  const architecture = sampleArchitecture(space.architecture, rng);
  return { architecture, hardware: space.hardware === null ? {} : samplePimChoice(space.hardware, rng) };
}

/**
 * A child of `parent`: with probability `hardwareProbability` (when the hardware is searched) the hardware
 * choice changes in `mutations` labels and the architecture is kept, otherwise the architecture changes in
 * `mutations` choices (`mutateArchitecture`) and the hardware is kept. One part at a time, so a child that
 * only changes the hardware reuses its architecture's accuracy.
 */
export function mutateJointCandidate(parent: JointCandidate, space: JointSpace, mutations: number, hardwareProbability: number, rng: Rng): JointCandidate {
  if (space.hardware !== null && rng.bernoulli(hardwareProbability)) {
    return { architecture: parent.architecture, hardware: mutatePimChoice(parent.hardware, space.hardware, mutations, rng) };
  }
  return { architecture: mutateArchitecture(parent.architecture, space.architecture, mutations, rng), hardware: parent.hardware };
}
