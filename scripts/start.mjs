// `npm start`: install if needed, build, serve the live demo.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies, ensureNode, root } from './ensure.mjs';

ensureNode();
ensureDependencies();
console.log('• Building packages…');
const build = spawnSync(join(root, 'node_modules', '.bin', 'rollup'), ['-c', 'rollup.config.mjs', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('\n✖ The build failed (see above).');
  process.exit(1);
}
const { buildDemo } = await import('./build-demo.mjs');
await buildDemo();
const { buildExamples } = await import('./build-examples.mjs');
await buildExamples();
const { startServer } = await import('./serve.mjs');
await startServer({ port: Number(process.env.PORT ?? 8080), host: process.env.HOST ?? '127.0.0.1' });
// The docs site (/docs/) builds in the background: the demo should not wait half a minute for it.
console.log('• Building the docs site in the background; /docs/ is served once it is ready.');
const docs = spawn(process.execPath, [join(root, 'scripts', 'docs-site.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
let docsErrors = '';
docs.stderr.on('data', (chunk) => (docsErrors += chunk));
docs.on('exit', (code) => {
  if (code === 0) console.log('• Docs site ready at /docs/.');
  else console.error(`✖ The docs site did not build (exit ${code}); run \`npm run docs\` to see why.\n${docsErrors.slice(-2000)}`);
});
