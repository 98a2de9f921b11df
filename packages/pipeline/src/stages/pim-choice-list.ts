import { enumeratePimChoices, type PimChoice, type PimConfigSpace } from '@recnas/pim-sim';

/**
 * Every point of a PIM config space (the Cartesian product of `enumeratePimChoices`' one-of lists), in a
 * stable order: labels in `enumeratePimChoices` order, values in the space's order, the last label varying
 * fastest. The hardware refinement costs each of them and breaks its last ties by this order.
 */
export function everyPimChoice(space: PimConfigSpace): PimChoice[] {
  let choices: Array<Record<string, string | number | boolean>> = [{}];
  for (const [label, options] of Object.entries(enumeratePimChoices(space))) {
    // The space only has one-of choices; a subset-of choice would not be a single hardware value.
    const values = options.kind === 'one-of' ? options.values : [];
    choices = choices.flatMap((choice) => values.map((value) => ({ ...choice, [label]: value })));
  }
  return choices;
}
