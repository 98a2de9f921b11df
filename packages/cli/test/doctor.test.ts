import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal } from './helpers.js';

afterEach(() => {
  delete process.env['RECNAS_NATIVE'];
});

describe('doctor', () => {
  it('reports the backend it picked, with a reason when tfjs-node is not usable', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['doctor', '--json'], commands, terminal)).toBe(ExitCode.ok);
    const description = JSON.parse(terminal.stdout());
    expect(['tensorflow', 'native', 'wasm', 'cpu']).toContain(description.backend);
    if (description.backend !== 'tensorflow') expect(description.tensorflowUnavailableReason).toEqual(expect.any(String));
    expect(terminal.stderr()).toMatch(/^\[recnas\] backend: /);
  });

  it('says what keeps the native backend off when it did not load', async () => {
    process.env['RECNAS_NATIVE'] = '0';
    const json = recordingTerminal();
    expect(await runCli(['doctor', '--json'], commands, json)).toBe(ExitCode.ok);
    const description = JSON.parse(json.stdout());
    // With tfjs-node working, native is never tried, and there is nothing to set up.
    if (description.backend === 'tensorflow') return;
    expect(description.nativeUnavailableReason).toBe('disabled by RECNAS_NATIVE=0');
    expect(description.nativeBackendSetup).toMatchObject({ system: expect.any(String), commands: [] });
    const human = recordingTerminal();
    expect(await runCli(['doctor'], commands, human)).toBe(ExitCode.ok);
    expect(human.stdout()).toContain(`native backend on ${description.nativeBackendSetup.system}: not in use\n  RECNAS_NATIVE=0 turns it off: unset RECNAS_NATIVE`);
  });
});
