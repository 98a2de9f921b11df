import type { CustomPipelineResult } from './custom-pipeline.js';

/** The result as two plain-text tables (candidates by validation LogLoss, then the retrained models). */
export function formatCustomPipelineResult(result: CustomPipelineResult): string {
  const row = (cells: ReadonlyArray<string>) => cells.map((cell, i) => (i === 0 ? cell.padEnd(18) : cell.padStart(14))).join(' ');
  const ranked = [...result.candidates].sort((a, b) => a.validationLogLoss - b.validationLogLoss);
  return [
    row(['candidate', 'val LogLoss', 'FLOPs/example']),
    ...ranked.map((c) => row([c.archHash === result.best.archHash ? `${c.archHash} *` : c.archHash, c.validationLogLoss.toFixed(4), String(c.flopsPerExample)])),
    '',
    row(['model', 'test LogLoss', 'test AUC']),
    ...result.models.map((m) => row([m.name, m.testLogLoss.toFixed(4), m.testAuc.toFixed(4)])),
  ].join('\n');
}
