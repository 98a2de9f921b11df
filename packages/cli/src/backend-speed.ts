/**
 * How much faster the native (OpenBLAS) backend trains than each other backend, measured on this project's
 * 2-core machine on a DLRM-size train step, batch 512 (docs/decisions/0008-native-engine.md: native
 * 19,444-24,980 samples/s, wasm 432, cpu 106-109).
 */
const NATIVE_SPEEDUP: Readonly<Record<string, string>> = { wasm: '~50x', cpu: '~200x' };

/** One sentence on what the native backend would gain over `backend`, or undefined on native and tensorflow. */
export function nativeSpeedHint(backend: string): string | undefined {
  const speedup = NATIVE_SPEEDUP[backend];
  return speedup === undefined ? undefined : `the native backend would train ${speedup} faster than ${backend} here (DLRM-size step); \`recnas doctor\` says how to build it`;
}

/** Wraps an engine logger so that its backend line (`[recnas] backend: <name> ...`) also says what native would gain. */
export function withNativeSpeedHint(log: (line: string) => void): (line: string) => void {
  return (line) => {
    const backend = /^\[recnas\] backend: (\w+)/.exec(line)?.[1];
    const hint = backend === undefined ? undefined : nativeSpeedHint(backend);
    log(hint === undefined ? line : `${line}; ${hint}`);
  };
}
