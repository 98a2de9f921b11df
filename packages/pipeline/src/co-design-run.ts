import type { PimWorkloadConfig } from '@recnas/supernet';
import { paretoObjectivesOf } from './co-design-config.js';
import { buildCoDesignSummary } from './co-design-summary.js';
import { orThrow } from './internal/or-throw.js';
import type { ResolvedRunConfig } from './run-config.js';
import type { RunSummary } from './run-summary.js';
import type { SearchStageOutput } from './stages/search-stage.js';

/** `summary` with its `coDesign` table when the run has a `hardware` section (throws the RecnasError of a failed costing). */
export function withCoDesign(config: ResolvedRunConfig, search: SearchStageOutput, model: PimWorkloadConfig, summary: RunSummary): RunSummary {
  if (config.hardware === undefined) return summary;
  const objectives = paretoObjectivesOf(config.search.objectives) ?? ['loss', 'energy'];
  const coDesign = orThrow(buildCoDesignSummary(search.jointEntries ?? search.entries, config.hardware, objectives, config.search.constraints ?? [], model));
  return coDesign === undefined ? summary : { ...summary, coDesign };
}
