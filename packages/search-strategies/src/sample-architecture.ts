import { enumerateChoices, type ArchEncoding, type Rng, type SearchSpace } from '@recnas/core';
import { archFromAssignment, isActive, sampleChoice, type ChoiceAssignment } from './internal/choice-assignment.js';

/**
 * A random architecture of `space`, canonical (`canonicalizeArch`) and valid under `validateArchEncoding`.
 * Every active choice of `enumerateChoices(space)` is drawn independently and uniformly: an operator, a
 * width or a toggle uniformly among its values; an input set by drawing its size uniformly in
 * `1..min(maxInputs, blocks so far)` and then a uniform subset of that size. Uses only `rng`.
 */
export function sampleArchitecture(space: SearchSpace, rng: Rng): ArchEncoding {
  const choices = enumerateChoices(space);
  const assignment: ChoiceAssignment = new Map();
  // enumerateChoices lists a block's operator before the choices it conditions, so one pass suffices.
  for (const [label, choice] of Object.entries(choices)) {
    if (isActive(choice, assignment)) assignment.set(label, sampleChoice(choice, rng));
  }
  return archFromAssignment(assignment, choices, space);
}
