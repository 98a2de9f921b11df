/** What `recnas doctor` reads about the machine to say how to get the native backend. */
export interface HostFacts {
  /** `process.platform`. */
  readonly platform: string;
  /** The text of /etc/os-release on Linux; undefined when it is absent. */
  readonly osRelease?: string | undefined;
  /** Running as root (no `sudo` in front of package installs). */
  readonly isRoot: boolean;
  /** The absolute path of @recnas/engine's native/build.mjs, the script its install step runs. */
  readonly buildScript: string;
  /** RECNAS_NATIVE=0 is set, which turns the native backend off whether it is built or not. */
  readonly nativeDisabled?: boolean;
}

/** How to get recnas's native (OpenBLAS) backend on one machine: the commands to run, in order, and notes. */
export interface NativeBackendSetup {
  /** The system it was worked out for, e.g. `Debian GNU/Linux 12 (bookworm)`, `macOS`, `Windows`. */
  readonly system: string;
  /** What to install before the commands, when recnas cannot name the exact packages. */
  readonly prerequisites?: string;
  /** Commands to paste, in order; empty when the native backend cannot be built on this system. */
  readonly commands: ReadonlyArray<string>;
  /** What happens, what to check afterwards, and the alternatives. */
  readonly notes: ReadonlyArray<string>;
}

/** KEY=value pairs of an os-release file (values may be quoted). */
function parseOsRelease(text: string): Readonly<Record<string, string>> {
  const pairs = text.split('\n').flatMap((line) => {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    return match === null ? [] : [[match[1] as string, (match[2] as string).replace(/^(["'])(.*)\1$/, '$2')] as const];
  });
  return Object.fromEntries(pairs);
}

const TENSORFLOW_ALTERNATIVE =
  'the other fast backend, tensorflow (@tensorflow/tfjs-node, an optional dependency), has prebuilt binaries for this system: ' +
  '`npm rebuild @tensorflow/tfjs-node` with internet access downloads libtensorflow';
const CHECK_AGAIN = 'then run `recnas doctor` again: it shows `backend: native` (the build script prints what is still missing, if anything)';

const PLATFORM_NAMES: Readonly<Record<string, string>> = { darwin: 'macOS', win32: 'Windows' };

function systemName(facts: HostFacts): string {
  if (facts.platform === 'linux') return parseOsRelease(facts.osRelease ?? '')['PRETTY_NAME'] ?? 'Linux';
  return PLATFORM_NAMES[facts.platform] ?? facts.platform;
}

function linuxSetup(facts: HostFacts): NativeBackendSetup {
  const release = parseOsRelease(facts.osRelease ?? '');
  const system = systemName(facts);
  const families = `${release['ID'] ?? ''} ${release['ID_LIKE'] ?? ''}`.split(/\s+/);
  const rebuild = `node ${facts.buildScript}`;
  if (families.includes('debian') || families.includes('ubuntu')) {
    const sudo = facts.isRoot ? '' : 'sudo ';
    return {
      system,
      commands: [`${sudo}apt-get update`, `${sudo}apt-get install -y libopenblas-dev build-essential python3`, rebuild],
      notes: [CHECK_AGAIN],
    };
  }
  return {
    system,
    prerequisites:
      'install OpenBLAS with its headers (cblas.h in /usr/include), a C compiler, make and python3 with your package manager ' +
      "(Debian's packages: libopenblas-dev build-essential python3)",
    commands: [rebuild],
    notes: [CHECK_AGAIN],
  };
}

const macOsSetup = (facts: HostFacts): NativeBackendSetup => ({
  system: systemName(facts),
  commands: [],
  notes: [
    'the native addon builds on Linux only for now (native/build.mjs looks for OpenBLAS under /usr/include, recnas_native.c uses glibc): ' +
      'on macOS it is skipped on install and recnas runs on the wasm backend',
    'what it will need: the Xcode Command Line Tools (`xcode-select --install`) and OpenBLAS (`brew install openblas`)',
    TENSORFLOW_ALTERNATIVE,
  ],
});

const windowsSetup = (facts: HostFacts): NativeBackendSetup => ({
  system: systemName(facts),
  commands: [],
  notes: [
    'the native addon does not build on Windows: its install step skips it and recnas runs on the wasm backend (everything works, more slowly)',
    'to get the native backend, run recnas inside WSL 2 (`wsl --install -d Ubuntu`), where `recnas doctor` prints the Ubuntu commands',
    TENSORFLOW_ALTERNATIVE,
  ],
});

const SETUP_BY_PLATFORM: Readonly<Record<string, (facts: HostFacts) => NativeBackendSetup>> = { linux: linuxSetup, darwin: macOsSetup, win32: windowsSetup };

/**
 * The exact steps to get the native backend on the machine `facts` describes: apt-get and the addon build on
 * Debian and Ubuntu, the addon build after installing OpenBLAS on other Linux systems. The addon does not
 * build on macOS or Windows yet (native/build.mjs and recnas_native.c target Linux), so there it says what
 * happens instead (the wasm backend) and what the options are. Pure: the caller reads the facts.
 */
export function nativeBackendSetup(facts: HostFacts): NativeBackendSetup {
  if (facts.nativeDisabled === true) {
    return { system: systemName(facts), commands: [], notes: ['RECNAS_NATIVE=0 turns it off: unset RECNAS_NATIVE (when the addon is not built, `recnas doctor` then prints how to build it)'] };
  }
  const setup = SETUP_BY_PLATFORM[facts.platform];
  if (setup !== undefined) return setup(facts);
  return {
    system: systemName(facts),
    commands: [],
    notes: [`the native addon is built for Linux only; on ${facts.platform} recnas runs on the wasm backend`],
  };
}

/** The doctor's human lines for `setup`. */
export function formatNativeBackendSetup(setup: NativeBackendSetup): string[] {
  const heading = setup.commands.length === 0 ? `native backend on ${setup.system}: not in use` : `to get the native backend on ${setup.system}:`;
  return [
    heading,
    ...(setup.prerequisites === undefined ? [] : [`  ${setup.prerequisites}, then:`]),
    ...setup.commands.map((command) => `    ${command}`),
    ...setup.notes.map((note) => `  ${note}`),
  ];
}
