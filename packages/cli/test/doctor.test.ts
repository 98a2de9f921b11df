import { describe, expect, it } from 'vitest';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal } from './helpers.js';

describe('doctor', () => {
  it('reports the backend it picked, with a reason when tfjs-node is not usable', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['doctor', '--json'], commands, terminal)).toBe(ExitCode.ok);
    const description = JSON.parse(terminal.stdout());
    expect(['tensorflow', 'native', 'wasm', 'cpu']).toContain(description.backend);
    if (description.backend !== 'tensorflow') expect(description.tensorflowUnavailableReason).toEqual(expect.any(String));
    expect(terminal.stderr()).toMatch(/^\[recnas\] backend: /);
  });
});
