import {
  architectureFromChoices,
  sequentialChoiceGroups,
  type SequentialArchitecture,
  type SequentialChoiceGroup,
  type SequentialSpace,
} from '@recnas/core';
import { selectSequentialArchitecture } from './differentiable-search.js';

/** How `selectWithinBudget` chose: the argmax fit the budget, a less probable architecture did, or none did. */
export type SequentialSelectionRule = 'argmax' | 'most-probable-within-budget' | 'argmax-over-budget';

/** What `selectWithinBudget` returns: the architecture, its cost and the rule that picked it. */
export interface SequentialSelection {
  readonly architecture: SequentialArchitecture;
  readonly cost: number;
  readonly rule: SequentialSelectionRule;
}

/** Architectures enumerated at most when the argmax is over budget (DNS-Rec's default space has 800). */
const MAX_ENUMERATED = 200_000;

/**
 * Hard selection under the resource constraint: the argmax architecture (`selectSequentialArchitecture`)
 * when `costOf` it is within `maxCost`; otherwise the most probable architecture that is, i.e. the one with
 * the largest sum of log probabilities over the groups it uses (layers past its depth do not count), found by
 * enumerating the space (ties to the cheaper). When no architecture fits, or the space has more than 200,000
 * architectures, the argmax with rule `argmax-over-budget` (the caller reports it). DNS-Rec retrains what
 * is selected, so a selection above the budget would break the constraint the search was run for.
 */
export function selectWithinBudget(
  space: SequentialSpace,
  probabilities: Readonly<Record<string, ReadonlyArray<number>>>,
  maxCost: number,
  costOf: (architecture: SequentialArchitecture) => number,
): SequentialSelection {
  const argmax = selectSequentialArchitecture(space, probabilities); // also checks every group's probabilities
  const argmaxCost = costOf(argmax);
  if (argmaxCost <= maxCost) return { architecture: argmax, cost: argmaxCost, rule: 'argmax' };
  const groups = sequentialChoiceGroups(space);
  const total = groups.reduce((product, group) => product * group.options.length, 1);
  if (total > MAX_ENUMERATED) return { architecture: argmax, cost: argmaxCost, rule: 'argmax-over-budget' };
  const logOf = (name: string, index: number): number => Math.log(Math.max((probabilities[name] as ReadonlyArray<number>)[index] as number, 1e-300));
  let best: SequentialSelection | undefined;
  let bestScore = -Infinity;
  const seen = new Set<string>();
  const choices: Record<string, number> = {};
  const visit = (position: number): void => {
    if (position === groups.length) {
      const architecture = architectureFromChoices(space, choices);
      const key = JSON.stringify(architecture);
      if (seen.has(key)) return;
      seen.add(key);
      const cost = costOf(architecture);
      if (cost > maxCost) return;
      const depth = architecture.layers.length;
      let score = logOf('depth', choices['depth'] as number) + logOf('hidden', choices['hidden'] as number);
      for (let layer = 0; layer < depth; layer++) score += logOf(`heads.${layer}`, choices[`heads.${layer}`] as number) + logOf(`ffn.${layer}`, choices[`ffn.${layer}`] as number);
      if (score > bestScore || (score === bestScore && best !== undefined && cost < best.cost)) {
        bestScore = score;
        best = { architecture, cost, rule: 'most-probable-within-budget' };
      }
      return;
    }
    const group = groups[position] as SequentialChoiceGroup;
    for (let index = 0; index < group.options.length; index++) {
      choices[group.name] = index;
      visit(position + 1);
    }
  };
  visit(0);
  return best ?? { architecture: argmax, cost: argmaxCost, rule: 'argmax-over-budget' };
}
