import { RecnasError, canonicalizeArch, enumerateChoices, type ArchEncoding, type Rng, type SearchSpace } from '@recnas/core';
import {
  archFromAssignment,
  assignmentOf,
  fillActiveChoices,
  hasAlternative,
  isActive,
  sampleDifferentValue,
} from './internal/choice-assignment.js';

/**
 * `arch` with `mutations` distinct choices changed, each to a different valid value (NASRec / NNI style:
 * pick an active choice label of `enumerateChoices(space)` uniformly, re-draw it as `sampleArchitecture`
 * would, excluding its current value). Choices that a change activates (the left and right inputs after a
 * switch to a binary operator, the dense inputs after a switch away from one) are drawn afresh and are
 * part of that mutation (and a change to a choice that a later mutation deactivates is lost). When fewer
 * than `mutations` choices can change, all of them change. The result is
 * canonical and valid; its `metadata` is dropped. Throws INVARIANT for a negative or fractional count or an
 * `arch` that is not valid for `space`.
 */
export function mutateArchitecture(arch: ArchEncoding, space: SearchSpace, mutations: number, rng: Rng): ArchEncoding {
  if (!Number.isInteger(mutations) || mutations < 0) {
    throw new RecnasError('INVARIANT', `mutateArchitecture: mutations must be a non-negative integer, got ${mutations}`, { mutations });
  }
  const choices = enumerateChoices(space);
  const { metadata: _metadata, ...architecture } = arch;
  const assignment = assignmentOf(canonicalizeArch(architecture, space), choices);
  const changed = new Set<string>();
  for (let count = 0; count < mutations; count++) {
    const mutable = Object.entries(choices).filter(
      ([label, choice]) => !changed.has(label) && isActive(choice, assignment) && hasAlternative(choice, assignment.get(label)),
    );
    if (mutable.length === 0) break;
    const [label, choice] = rng.pick(mutable);
    assignment.set(label, sampleDifferentValue(choice, assignment.get(label), rng));
    changed.add(label);
    fillActiveChoices(assignment, choices, rng);
  }
  return archFromAssignment(assignment, choices, space);
}
