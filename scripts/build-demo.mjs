// Bundles the demo's vendor-platform module (examples/demo/platforms.js) with msw into
// examples/demo/build/, after the packages are built: msw and its dependencies are many modules
// with bare imports, which an import map cannot reasonably list. @floorwalk/core stays external
// so the page keeps one copy of it, resolved by its import map.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export async function buildDemo() {
  await build({
    entryPoints: [join(root, 'examples/demo/platforms.js')],
    outfile: join(root, 'examples/demo/build/platforms.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['@floorwalk/core'],
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    // The demo serves production builds; the adapters' dist resolves through their exports.
    conditions: ['browser', 'production'],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildDemo();
