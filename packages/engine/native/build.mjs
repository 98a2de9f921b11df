#!/usr/bin/env node
// Builds the optional native addon (packages/engine/native/build/Release/recnas_native.node) with node-gyp,
// offline: Node's own headers (nodedir = the Node installation, e.g. /usr or ~/.nvm/versions/node/vX) and
// OpenBLAS (Debian: libopenblas-dev). Never fails the install: without a C toolchain, Python, Node headers
// or OpenBLAS it prints one line saying what is missing and exits 0; recnas then uses the wasm backend.
// Usage: node native/build.mjs [--if-needed] [--quiet]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const addon = join(here, 'build', 'Release', 'recnas_native.node');
const args = new Set(process.argv.slice(2));
const say = (line) => process.stderr.write(`[recnas] native kernels: ${line}\n`);

if (process.env.RECNAS_NATIVE_BUILD === '0') {
  say('build skipped (RECNAS_NATIVE_BUILD=0)');
  process.exit(0);
}
if (args.has('--if-needed') && existsSync(addon)) process.exit(0);

function nodeDirectory() {
  const configured = process.env.npm_config_nodedir;
  if (configured && existsSync(join(configured, 'include', 'node', 'node_api.h'))) return configured;
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

function nodeGypScript() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((candidate) => candidate && existsSync(candidate));
}

const openblasHeader = ['/usr/include/x86_64-linux-gnu/cblas.h', '/usr/include/aarch64-linux-gnu/cblas.h', '/usr/include/cblas.h', '/usr/include/openblas/cblas.h'];
const nodedir = nodeDirectory();
const gyp = nodeGypScript();
const missing = [];
if (nodedir === undefined) missing.push("Node's headers (include/node/node_api.h next to the node binary, or npm_config_nodedir)");
if (gyp === undefined) missing.push('node-gyp (bundled with npm)');
if (!openblasHeader.some((file) => existsSync(file))) missing.push('OpenBLAS headers (apt-get install libopenblas-dev)');
if (missing.length > 0) {
  say(`not built, missing ${missing.join(', ')}; recnas falls back to the wasm backend`);
  process.exit(0);
}
const result = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`], {
  cwd: here,
  stdio: args.has('--quiet') ? ['ignore', 'ignore', 'pipe'] : ['ignore', 'inherit', 'inherit'],
  encoding: 'utf8',
});
if (result.status === 0 && existsSync(addon)) {
  say(`built ${addon}`);
} else {
  const reason = (result.stderr ?? '').split('\n').filter((line) => /error/i.test(line)).slice(0, 3).join(' | ');
  say(`build failed (exit ${result.status}${reason ? `: ${reason}` : ''}); recnas falls back to the wasm backend`);
}
process.exit(0);
