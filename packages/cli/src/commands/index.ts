import type { Command } from '../command.js';
import { doctorCommand } from './doctor.js';
import { exportCommand } from './export.js';
import { costCommand } from './cost.js';
import { flopsCommand } from './flops.js';
import { inspectDataCommand } from './inspect-data.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { searchCommand } from './search.js';
import { syntheticDataCommand } from './synthetic-data.js';
import { trainSupernetCommand } from './train-supernet.js';
import { trainCommand } from './train.js';
import { workerCommand } from './worker.js';

/** Every `recnas` sub-command, in help order: the whole pipeline first, then its stages, then the tools. */
export const commands: ReadonlyArray<Command> = [runCommand, trainSupernetCommand, searchCommand, reportCommand, trainCommand, exportCommand, inspectDataCommand, syntheticDataCommand, flopsCommand, costCommand, doctorCommand, workerCommand];
