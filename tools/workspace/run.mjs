#!/usr/bin/env node
// Entry point of the root npm scripts. Works on a machine with only Node 20+ and npm:
// finds the pinned pnpm (on PATH, else through npx, which needs only the npm registry), installs the
// workspace, then runs the requested task. Plain Node on purpose: nothing is installed yet when it starts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const pnpmVersion = rootManifest.packageManager.replace(/^pnpm@/, '').split('+')[0];
const log = (line) => process.stderr.write(`[recnas] ${line}\n`);

/** Runs a command; `options.stdoutToStderr` sends its stdout to our stderr, keeping our stdout for results. */
function run(command, args, options = {}) {
  const stdio = options.stdoutToStderr ? ['inherit', process.stderr.fd, 'inherit'] : 'inherit';
  const result = spawnSync(command, args, { cwd: root, stdio, env: { ...process.env, ...options.env }, shell: false });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function capture(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: process.env });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The command prefix that runs the pinned pnpm. */
function resolvePnpm() {
  if (capture('pnpm', ['--version']) === pnpmVersion) return ['pnpm'];
  // corepack's signature check fails against some registry mirrors; npx needs only the registry.
  log(`using pnpm ${pnpmVersion} through npx (pnpm ${pnpmVersion} is not on PATH)`);
  return ['npx', '--yes', `pnpm@${pnpmVersion}`];
}

const [task, ...rest] = process.argv.slice(2);
const pnpm = resolvePnpm();
const runPnpm = (args, env, options = {}) => run(pnpm[0], [...pnpm.slice(1), ...args], { ...options, env });
const nxEnv = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: process.env.CI ? 'true' : '' };

// Install and build write their logs to stderr: `recnas ... --json | jq` and `bench` (JSON lines) need a stdout
// that holds the command's output only (SPEC section 8).
function install() {
  const status = runPnpm(['install', '--frozen-lockfile', '--reporter=append-only'], { CI: process.env.CI ?? 'true' }, { stdoutToStderr: true });
  if (status !== 0) process.exit(status);
}

function build() {
  const status = runPnpm(['exec', 'nx', 'run-many', '-t', 'build', '--projects=packages/*', '--outputStyle=stream'], nxEnv, { stdoutToStderr: true });
  if (status !== 0) process.exit(status);
}

/** Sums vitest's JSON reports and prints the plain summary line CI reads. */
function summariseTests() {
  const reportDir = join(root, 'reports', 'vitest');
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of existsSync(reportDir) ? readdirSync(reportDir) : []) {
    if (!file.endsWith('.json')) continue;
    const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
    passed += report.numPassedTests ?? 0;
    // A test file that fails to load counts as a failed suite with no failed test.
    failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  // Every project with a vitest config must have written a report; a missing one counts as a failure.
  for (const folder of ['packages', 'examples', 'tools']) {
    for (const name of readdirSync(join(root, folder))) {
      if (existsSync(join(root, folder, name, 'vitest.config.ts')) && !existsSync(join(reportDir, `${name}.json`))) {
        log(`no test report from ${folder}/${name}`);
        failed += 1;
      }
    }
  }
  return { passed, failed, skipped };
}

switch (task) {
  case 'test': {
    const startedAt = Date.now();
    install();
    rmSync(join(root, 'reports', 'vitest'), { recursive: true, force: true });
    mkdirSync(join(root, 'reports', 'vitest'), { recursive: true });
    const checks = runPnpm(
      ['exec', 'nx', 'run-many', '-t', 'build', 'typecheck', 'lint', 'test', '--outputStyle=stream', ...rest],
      nxEnv,
    );
    const packCheck = checks === 0 ? run('node', ['tools/workspace/check-packages.mjs']) : 1;
    const releaseCheck = checks === 0 ? run('node', ['tools/workspace/check-release.mjs']) : 1;
    const readmeCheck = checks === 0 ? run('node', ['tools/workspace/check-readme-examples.mjs']) : 1;
    const jsonCheck = checks === 0 ? run('node', ['tools/workspace/check-json-output.mjs']) : 1;
    // The API reference (typedoc.json treats every warning as an error). `pnpm docs` is pnpm's passthrough to `npm docs`.
    const docsCheck = checks === 0 ? runPnpm(['run', 'docs'], {}, { stdoutToStderr: true }) : 1;
    const { passed, failed, skipped } = summariseTests();
    const ok =
      checks === 0 && packCheck === 0 && releaseCheck === 0 && readmeCheck === 0 && jsonCheck === 0 && docsCheck === 0 && failed === 0 && passed > 0;
    if (checks !== 0) log('a build, type check, lint or test target failed (see above)');
    if (packCheck !== 0) log('the package install check failed (see above)');
    if (releaseCheck !== 0) log('the changesets release dry run failed (see above)');
    if (readmeCheck !== 0) log('a README example failed (see above)');
    if (jsonCheck !== 0) log('the root script printed more than JSON on stdout (see above)');
    if (docsCheck !== 0) log('the API reference build (pnpm run docs) failed or warned (see above)');
    log(`npm test took ${Math.round((Date.now() - startedAt) / 1000)} s`);
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    process.exit(ok ? 0 : 1);
  }
  case 'demo': {
    install();
    build();
    // The engine recnas picked on this machine, then the whole pipeline with the embedded default config on
    // the shipped Criteo sample. When runs/demo holds a run already, it is resumed: finished work is reused,
    // so a second `npm run demo` just prints the result again (and an interrupted one continues).
    const cli = join('packages', 'cli', 'dist', 'bin.js');
    const runDir = join('runs', 'demo');
    const resume = existsSync(join(root, runDir, 'run.json')) ? ['--resume'] : [];
    for (const args of [['doctor'], ['run', '--out', runDir, ...resume, ...rest]]) {
      log(`$ recnas ${args.join(' ')}`);
      const status = run('node', [cli, ...args]);
      if (status !== 0) process.exit(status);
    }
    process.exit(0);
  }
  case 'recnas': {
    install();
    build();
    process.exit(run('node', [join('packages', 'cli', 'dist', 'bin.js'), ...rest]));
  }
  case 'bench': {
    install();
    build();
    process.exit(run('node', [join('tools', 'bench', 'run.mjs'), ...rest]));
  }
  default:
    log(`unknown task "${task}"; expected test, demo, recnas or bench`);
    process.exit(2);
}
