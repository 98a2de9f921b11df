import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createEngine } from '@recnas/engine';
import { parseCommandArgs, type Command } from '../command.js';
import { formatNativeBackendSetup, nativeBackendSetup, type HostFacts } from '../doctor/native-backend-setup.js';
import { ExitCode } from '../exit-codes.js';
import { nativeSpeedHint } from '../backend-speed.js';

const HELP = `Usage: recnas doctor [--json]

Prints the TensorFlow.js backend recnas picks on this machine (tensorflow, native, wasm or cpu, and why),
the kernel set in use, threads, versions, and what to install for more speed. When the native (OpenBLAS)
backend is not built, it prints the exact commands that build it on this system (Debian and Ubuntu:
apt-get, then the addon build), or, on macOS and Windows, what happens instead and the options.

Options:
  --json    print one JSON object on stdout (with nativeBackendSetup when the native backend is missing)
  --help    show this help
`;

/** The facts nativeBackendSetup needs, read from this process and machine. */
function hostFacts(): HostFacts {
  const osReleaseFile = '/etc/os-release';
  let buildScript = 'node_modules/@recnas/engine/native/build.mjs';
  try {
    buildScript = join(dirname(createRequire(import.meta.url).resolve('@recnas/engine/package.json')), 'native', 'build.mjs');
  } catch {
    // An unusual layout: keep the path relative to the project that installed recnas.
  }
  return {
    platform: process.platform,
    osRelease: process.platform === 'linux' && existsSync(osReleaseFile) ? readFileSync(osReleaseFile, 'utf8') : undefined,
    isRoot: process.getuid?.() === 0,
    buildScript,
    nativeDisabled: process.env['RECNAS_NATIVE'] === '0',
  };
}

/** `recnas doctor`: the engine's self-description. */
export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'show the backend, engine, threads, versions and how to get more speed',
  help: HELP,
  async run(argv, terminal) {
    const { values } = parseCommandArgs('doctor', argv, { json: { type: 'boolean', default: false } });
    const description = await createEngine({ logger: (line) => terminal.err(`${line}\n`) }).describe();
    // Set only when recnas picked its backend itself and the native one did not load.
    const setup = description.nativeUnavailableReason === undefined ? undefined : nativeBackendSetup(hostFacts());
    if (values.json) {
      terminal.out(`${JSON.stringify(setup === undefined ? description : { ...description, nativeBackendSetup: setup })}\n`);
      return ExitCode.ok;
    }
    const lines = [
      `backend:  ${description.backend}${description.forced ? ' (forced by RECNAS_BACKEND)' : ''}`,
      `engine:   ${description.engine}`,
      `threads:  ${description.threads}${description.simd === undefined ? '' : `, SIMD ${description.simd ? 'on' : 'off'}`}`,
      `node:     ${description.nodeVersion}`,
      ...Object.entries(description.tfjsVersions).map(([name, version]) => `${name}: ${version}`),
      ...(description.tensorflowUnavailableReason ? [`tfjs-node unavailable: ${description.tensorflowUnavailableReason}`] : []),
      ...description.hints.map((hint) => `hint: ${hint}`),
      ...[nativeSpeedHint(description.backend)].filter((hint) => hint !== undefined).map((hint) => `speed:    ${hint}`),
      ...(setup === undefined ? [] : formatNativeBackendSetup(setup)),
    ];
    terminal.out(`${lines.join('\n')}\n`);
    return ExitCode.ok;
  },
};
