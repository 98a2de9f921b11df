/**
 * Example: the NASRec flow composed by hand from the recnas packages (what `runPipeline` does, minus the
 * run directory's journals, the evolution and the report).
 * @example
 * await createEngine().initBackend();
 * const result = await runCustomPipeline({ supernet: { steps: 200 } }, { runDir: 'runs/custom' });
 * if (E.isRight(result)) console.log(formatCustomPipelineResult(result.right));
 */
export {
  runCustomPipeline,
  type CustomPipelineOptions,
  type CustomPipelineResult,
  type ScoredCandidate,
  type TestedModel,
} from './custom-pipeline.js';
export { formatCustomPipelineResult } from './format-result.js';
