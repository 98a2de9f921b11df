import { describe, expect, it } from 'vitest';
import { formatNativeBackendSetup, nativeBackendSetup } from '../src/index.js';

const BUILD = '/home/ada/project/node_modules/@recnas/engine/native/build.mjs';
const DEBIAN_12 = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
ID=debian
`;
const UBUNTU_24 = `PRETTY_NAME="Ubuntu 24.04.1 LTS"
NAME="Ubuntu"
ID=ubuntu
ID_LIKE=debian
`;
const FEDORA_40 = `NAME="Fedora Linux"
ID=fedora
PRETTY_NAME="Fedora Linux 40 (Workstation Edition)"
`;

describe('nativeBackendSetup', () => {
  it('gives the apt-get packages and the addon build on Debian, with sudo for a normal user', () => {
    const setup = nativeBackendSetup({ platform: 'linux', osRelease: DEBIAN_12, isRoot: false, buildScript: BUILD });
    expect(setup.system).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(setup.commands).toEqual(['sudo apt-get update', 'sudo apt-get install -y libopenblas-dev build-essential python3', `node ${BUILD}`]);
  });

  it('drops sudo for root and recognises Ubuntu through ID_LIKE', () => {
    const setup = nativeBackendSetup({ platform: 'linux', osRelease: UBUNTU_24.replace('ID=ubuntu', 'ID=pop'), isRoot: true, buildScript: BUILD });
    expect(setup.system).toBe('Ubuntu 24.04.1 LTS');
    expect(setup.commands).toEqual(['apt-get update', 'apt-get install -y libopenblas-dev build-essential python3', `node ${BUILD}`]);
  });

  it('names what to install and the addon build on another Linux, or when os-release is missing', () => {
    const fedora = nativeBackendSetup({ platform: 'linux', osRelease: FEDORA_40, isRoot: false, buildScript: BUILD });
    expect(fedora.system).toBe('Fedora Linux 40 (Workstation Edition)');
    expect(fedora.prerequisites).toContain('OpenBLAS with its headers');
    expect(fedora.commands).toEqual([`node ${BUILD}`]);
    expect(nativeBackendSetup({ platform: 'linux', isRoot: false, buildScript: BUILD })).toMatchObject({ system: 'Linux', commands: [`node ${BUILD}`] });
  });

  it('says on macOS that the addon is skipped, what it will need, and the tensorflow alternative', () => {
    const setup = nativeBackendSetup({ platform: 'darwin', isRoot: false, buildScript: BUILD });
    expect(setup).toMatchObject({ system: 'macOS', commands: [] });
    const notes = setup.notes.join('\n');
    expect(notes).toContain('wasm backend');
    expect(notes).toContain('`xcode-select --install`');
    expect(notes).toContain('`brew install openblas`');
    expect(notes).toContain('@tensorflow/tfjs-node');
  });

  it('says on Windows that recnas falls back to wasm, and offers WSL 2 and tensorflow', () => {
    const setup = nativeBackendSetup({ platform: 'win32', isRoot: false, buildScript: 'C:\\p\\build.mjs' });
    expect(setup).toMatchObject({ system: 'Windows', commands: [] });
    const notes = setup.notes.join('\n');
    expect(notes).toContain('wasm backend');
    expect(notes).toContain('`wsl --install -d Ubuntu`');
    expect(notes).toContain('@tensorflow/tfjs-node');
  });

  it('says to unset RECNAS_NATIVE when that is what turns the native backend off', () => {
    const setup = nativeBackendSetup({ platform: 'linux', osRelease: DEBIAN_12, isRoot: false, buildScript: BUILD, nativeDisabled: true });
    expect(setup).toMatchObject({ system: 'Debian GNU/Linux 12 (bookworm)', commands: [] });
    expect(setup.notes[0]).toContain('unset RECNAS_NATIVE');
  });
});

describe('formatNativeBackendSetup', () => {
  it('prints the commands indented under a heading naming the system', () => {
    const setup = nativeBackendSetup({ platform: 'linux', osRelease: DEBIAN_12, isRoot: true, buildScript: BUILD });
    expect(formatNativeBackendSetup(setup).slice(0, 4)).toEqual([
      'to get the native backend on Debian GNU/Linux 12 (bookworm):',
      '    apt-get update',
      '    apt-get install -y libopenblas-dev build-essential python3',
      `    node ${BUILD}`,
    ]);
    expect(formatNativeBackendSetup(nativeBackendSetup({ platform: 'win32', isRoot: false, buildScript: BUILD }))[0]).toBe('native backend on Windows: not in use');
  });
});
