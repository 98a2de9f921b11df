import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

const readManifest = (path: string): PackageManifest => JSON.parse(readFileSync(path, 'utf8')) as PackageManifest;

/**
 * The version of every `@recnas/*` package this CLI runs with (what run.json records): a walk over the
 * `@recnas/*` dependencies starting at @recnas/cli, each resolved from the package that depends on it, so
 * the answer is right under pnpm's strict node_modules and for an installed CLI alike.
 */
export function recnasPackageVersions(): { recnasVersion: string; packageVersions: Record<string, string> } {
  const ownPath = fileURLToPath(new URL('../../package.json', import.meta.url));
  const own = readManifest(ownPath);
  const versions: Record<string, string> = { [own.name]: own.version };
  const pending: Array<{ manifest: PackageManifest; path: string }> = [{ manifest: own, path: ownPath }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const require = createRequire(next.path);
    for (const name of Object.keys(next.manifest.dependencies ?? {})) {
      if (!name.startsWith('@recnas/') || name in versions) continue;
      const path = require.resolve(`${name}/package.json`);
      const manifest = readManifest(path);
      versions[name] = manifest.version;
      pending.push({ manifest, path });
    }
  }
  const packageVersions = Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)));
  return { recnasVersion: own.version, packageVersions };
}
