import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RecnasError } from '@recnas/core';

/** The browser builds inlined into report.html, in load order (vega-embed expects the `vega` and `vegaLite` globals). */
const BROWSER_BUILDS = [
  { packageName: 'vega', file: 'build/vega.min.js' },
  { packageName: 'vega-lite', file: 'build/vega-lite.min.js' },
  { packageName: 'vega-embed', file: 'build/vega-embed.min.js' },
] as const;

export interface InlineScript {
  readonly packageName: string;
  readonly version: string;
  readonly source: string;
}

// The packages' `exports` maps expose neither `build/*.min.js` nor `package.json`, so resolve the main entry
// and walk up to the folder whose package.json names the package.
function packageRoot(packageName: string): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch (cause) {
    throw new RecnasError('IO', `report: cannot find the package "${packageName}" (a dependency of @recnas/pipeline); is it installed?`, { packageName }, { cause });
  }
  for (let folder = dirname(entry); folder !== dirname(folder); folder = dirname(folder)) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === packageName) return folder;
  }
  throw new RecnasError('IO', `report: found ${entry} but no package.json of "${packageName}" above it`, { packageName, entry });
}

// A `</script` or `<!--` inside the library text would end or confuse the inline <script>; none of the pinned
// builds has one, and rewriting minified code is not safe, so refuse instead.
function checkInlinable(source: string, path: string): void {
  if (/<\/script|<!--/i.test(source)) {
    throw new RecnasError('INVARIANT', `report: ${path} contains "</script" or "<!--" and cannot be inlined into a <script> element`, { path });
  }
}

/**
 * Reads the vega, vega-lite and vega-embed browser builds from node_modules so that report.html needs no
 * network. Source-map comments are dropped (the maps are not shipped in the report). Throws RecnasError
 * IO when a package or its build file is missing.
 */
export function readVegaScripts(): InlineScript[] {
  return BROWSER_BUILDS.map(({ packageName, file }) => {
    const root = packageRoot(packageName);
    const path = join(root, file);
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new RecnasError('IO', `report: cannot read ${path}`, { path }, { cause });
    }
    checkInlinable(source, path);
    const version = String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version);
    return { packageName, version, source: source.replace(/^\/\/# sourceMappingURL=.*$/gm, '') };
  });
}
