import { describe, expect, it } from 'vitest';
import { ExitCode, ProgressDisplay, commands, runCli } from '../src/index.js';
import { recordingTerminal } from './helpers.js';

describe('runCli', () => {
  it('prints --help for every command with exit 0', async () => {
    for (const command of commands) {
      const terminal = recordingTerminal();
      expect(await runCli([command.name, '--help'], commands, terminal)).toBe(ExitCode.ok);
      expect(terminal.stdout()).toContain(`Usage: recnas ${command.name}`);
    }
    const terminal = recordingTerminal();
    expect(await runCli(['--help'], commands, terminal)).toBe(ExitCode.ok);
    for (const command of commands) expect(terminal.stdout()).toContain(command.name);
  });

  it('exits 2 and lists the known commands for an unknown one', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['serch'], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain(`unknown command "serch". Known commands: ${commands.map((command) => command.name).join(', ')}`);
    for (const name of ['run', 'train-supernet', 'search', 'report', 'train', 'export', 'inspect-data', 'flops', 'cost', 'doctor']) {
      expect(terminal.stderr()).toContain(name);
    }
  });

  it('exits 2 with the help when no command is given', async () => {
    const terminal = recordingTerminal();
    expect(await runCli([], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stdout()).toContain('Usage: recnas <command>');
  });
});

describe('ProgressDisplay', () => {
  it('prints plain lines with rate and ETA at most every interval when not a TTY', () => {
    const terminal = recordingTerminal(false);
    const display = new ProgressDisplay(terminal, 'reading', 100e6, { name: 'MB', scale: 1e6, digits: 1 }, 5000);
    terminal.advance(1000);
    display.update(10e6); // first update prints: 10 MB in 1 s, 90 MB left at 10 MB/s
    terminal.advance(1000);
    display.update(20e6); // within 5 s of the last line: silent
    terminal.advance(4000);
    display.update(60e6); // 60 MB in 6 s = 10 MB/s, 40 MB left: ETA 4 s
    display.finish(100e6);
    expect(terminal.stderr().split('\n').filter(Boolean)).toEqual([
      'reading: 10.0% (10.0/100.0 MB), 10.0 MB/s, ETA 9s',
      'reading: 60.0% (60.0/100.0 MB), 10.0 MB/s, ETA 4s',
      'reading: 100.0% (100.0/100.0 MB), 16.7 MB/s, ETA 0s',
    ]);
  });

  it('appends the detail, shows slow rates as seconds per unit, and does not repeat a plain final line', () => {
    const terminal = recordingTerminal(false);
    const display = new ProgressDisplay(terminal, 'retrain', 4, { name: 'models', scale: 1, digits: 0 }, 5000, -2000);
    terminal.advance(6000);
    display.update(2, 'dnn: test LogLoss 0.4722'); // 2 models in 8 s (started at -2 s): 4 s per model, 2 left: ETA 8 s
    terminal.advance(8000);
    display.update(4, 'dlrm'); // 4 in 16 s, printed (8 s after the last line)
    display.finish(4, 'dlrm'); // already shown: skipped
    expect(terminal.stderr().split('\n').filter(Boolean)).toEqual([
      'retrain: 50.0% (2/4 models), 4.0 s per model, ETA 8s, dnn: test LogLoss 0.4722',
      'retrain: 100.0% (4/4 models), 4.0 s per model, ETA 0s, dlrm',
    ]);
  });

  it('redraws one line on a TTY', () => {
    const terminal = recordingTerminal(true);
    const display = new ProgressDisplay(terminal, 'reading', 10, { name: 'rows', scale: 1, digits: 0 });
    terminal.advance(1000);
    display.update(5);
    display.finish(10);
    expect(terminal.stderr()).toBe('\rreading: 50.0% (5/10 rows), 5 rows/s, ETA 1s\u001b[K\rreading: 100.0% (10/10 rows), 10 rows/s, ETA 0s\u001b[K\n');
  });
});
