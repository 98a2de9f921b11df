#!/usr/bin/env node
// The changesets release, rehearsed (issue 17): in a scratch copy of the workspace (built packages included,
// the root node_modules linked, not copied), `changeset version` consumes the pending changesets into versions
// and CHANGELOGs, then `pnpm -r publish --dry-run` packs every public package the way a release would
// (workspace:* ranges rewritten). Fails when either fails or a public package is not in the dry run.
// The working tree is never touched. Needs the packages built (dist/).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line) => process.stderr.write(`[recnas] release check: ${line}\n`);

// Not copied: git data, installs at the root (linked instead), caches, run and report outputs, native objects.
const SKIPPED = new Set(['.git', 'node_modules', '.nx', 'runs', 'reports', 'tmp']);
const copyable = (source) => {
  const parts = relative(root, source).split(sep);
  if (parts.length === 1 && SKIPPED.has(parts[0])) return false;
  return !(parts.includes('native') && parts.includes('build'));
};

const scratch = mkdtempSync(join(tmpdir(), 'recnas-release-'));
let ok = false;
try {
  cpSync(root, scratch, { recursive: true, filter: copyable, verbatimSymlinks: true });
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  const bin = (name) => join(scratch, 'node_modules', '.bin', name);
  const pending = readdirSync(join(scratch, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');

  const version = spawnSync(bin('changeset'), ['version'], { cwd: scratch, encoding: 'utf8' });
  if (version.status !== 0) throw new Error(`changeset version failed:\n${version.stdout}${version.stderr}`);
  const left = readdirSync(join(scratch, '.changeset')).filter((file) => file.endsWith('.md') && file !== 'README.md');
  if (left.length > 0) throw new Error(`changeset version left ${left.join(', ')} unconsumed`);

  const publish = spawnSync(bin('pnpm'), ['-r', 'publish', '--dry-run', '--no-git-checks'], { cwd: scratch, encoding: 'utf8' });
  if (publish.status !== 0) throw new Error(`pnpm -r publish --dry-run failed:\n${publish.stdout}${publish.stderr}`);
  const published = new Set([...`${publish.stdout}\n${publish.stderr}`.matchAll(/^\+ (@recnas\/[a-z-]+)@(\S+)$/gm)].map((match) => match[1]));
  const manifests = readdirSync(join(scratch, 'packages'))
    .map((dir) => join(scratch, 'packages', dir, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')))
    .filter((manifest) => manifest.private !== true);
  const missing = manifests.filter((manifest) => !published.has(manifest.name)).map((manifest) => manifest.name);
  if (missing.length > 0) throw new Error(`not in the publish dry run: ${missing.join(', ')}`);
  const versions = manifests.map((manifest) => `${manifest.name}@${manifest.version}`).join(', ');
  log(`${pending.length} changesets -> ${versions}; pnpm -r publish --dry-run packs all ${manifests.length}`);
  ok = true;
} catch (error) {
  log(`FAILED (scratch copy left in ${scratch})\n${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (ok) rmSync(scratch, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
