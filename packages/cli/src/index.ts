/**
 * @recnas/cli: the `recnas` command. Library use: `runCli(argv, commands)` runs one invocation and returns
 * its exit code (0 ok, 1 failure, 2 bad usage or config, 3 bad data beyond the threshold).
 * @example
 * import { commands, runCli } from '@recnas/cli';
 * process.exitCode = await runCli(['inspect-data', '--format', 'criteo', 'train.txt', '--json'], commands);
 * process.exitCode = await runCli(['run', 'config.json', '--out', 'runs/criteo', '--json'], commands); // the whole pipeline
 */
export { runCli } from './main.js';
export { commands } from './commands/index.js';
export { ExitCode, exitCodeFor } from './exit-codes.js';
export { ProgressDisplay, processTerminal, type Terminal } from './progress.js';
export type { Command } from './command.js';
export { formatNativeBackendSetup, nativeBackendSetup, type HostFacts, type NativeBackendSetup } from './doctor/native-backend-setup.js';
