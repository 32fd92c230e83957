// Serves the demo: examples/demo/ at `/`, the docs site (docs/site) at /docs/, built packages at /packages/<pkg>/dist/ and
// dependencies at /node_modules/. No dependencies, so it runs before or without an install.
//
//   node scripts/serve.mjs            http://127.0.0.1:8080/ (or the next free port)
//   PORT=9000 node scripts/serve.mjs
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demoRoot = join(repoRoot, 'examples', 'demo');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** How many ports after the requested one to try when it is taken. */
const PORT_ATTEMPTS = 10;

class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Maps a request path to a file inside the repository, or throws an HttpError. The raw path is
 * checked segment by segment after decoding, so `..` in any spelling (`%2e%2e`, `..%2f`) is
 * refused rather than normalised into something that happens to exist.
 *
 * @param {string} rawPath the request target without its query
 * @returns {string} an absolute path inside the repository
 */
function resolveRequestPath(rawPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    throw new HttpError(400, 'Bad request');
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) throw new HttpError(400, 'Bad request');
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '..' || s === '.')) throw new HttpError(403, 'Forbidden');

  // msw's service worker must be served from the root scope for the demo's vendor mocks.
  if (decoded === '/mockServiceWorker.js') return join(repoRoot, 'node_modules', 'msw', 'lib', 'mockServiceWorker.js');
  let base;
  let rest;
  if (segments[0] === 'node_modules') {
    base = join(repoRoot, 'node_modules');
    rest = segments.slice(1);
  } else if (segments[0] === 'docs') {
    // The docs site, as `npm run docs` built it.
    base = join(repoRoot, 'docs', 'site');
    rest = segments.slice(1);
  } else if (segments[0] === 'packages') {
    // Only build output: sources and package internals are not part of the demo.
    if (segments.length < 4 || segments[1] === '' || segments[2] !== 'dist') throw new HttpError(404, 'Not found');
    base = join(repoRoot, 'packages', segments[1], 'dist');
    rest = segments.slice(3);
  } else if (segments[0] === 'examples' && segments[1] === 'hardened') {
    // Its pages need response headers (strict CSP) and a WebAuthn relying party this server lacks.
    throw new HttpError(404, 'The hardened example runs on its own server: `npm run example:hardened`.');
  } else if (segments[0] === 'examples' && segments.length > 1 && segments[1] !== '') {
    // The other host-app examples (cdn, react, vue, angular, agent-desktop, embedder) at /examples/<name>/.
    base = join(repoRoot, 'examples');
    rest = segments.slice(1);
  } else {
    base = demoRoot;
    rest = segments;
  }
  const file = resolve(base, ...rest);
  if (file !== base && !file.startsWith(base + sep)) throw new HttpError(403, 'Forbidden');
  return file;
}

/**
 * @param {string} file
 * @returns {Promise<{ path: string, size: number }>}
 */
async function findFile(file) {
  let path = file;
  let info;
  try {
    info = await stat(path);
    if (info.isDirectory()) {
      path = join(path, 'index.html');
      info = await stat(path);
    }
  } catch {
    throw new HttpError(404, 'Not found');
  }
  if (!info.isFile()) throw new HttpError(404, 'Not found');
  // Workspace packages are symlinked into node_modules; follow them, but never out of the repo.
  const [real, realRoot] = await Promise.all([realpath(path), realpath(repoRoot)]);
  if (!real.startsWith(realRoot + sep)) throw new HttpError(403, 'Forbidden');
  return { path: real, size: info.size };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function handle(req, res) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // A dev server over files that `npm run build` rewrites: never serve a stale copy.
  res.setHeader('Cache-Control', 'no-store');
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      throw new HttpError(405, 'Method not allowed');
    }
    const target = req.url ?? '/';
    const rawPath = target.split(/[?#]/, 1)[0] ?? '/';
    const { path, size } = await findFile(resolveRequestPath(rawPath));
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[/** @type {keyof typeof CONTENT_TYPES} */ (extname(path).toLowerCase())] ?? 'application/octet-stream',
      'Content-Length': size,
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(path)
      .on('error', () => res.destroy())
      .pipe(res);
  } catch (err) {
    const status = err instanceof HttpError ? err.status : 500;
    const message = err instanceof HttpError ? err.message : 'Internal server error';
    if (!(err instanceof HttpError)) console.error(err);
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : `${status} ${message}\n`);
  }
}

/**
 * Starts the demo server and announces its URL through `log`. With `port: 0` the system picks a
 * free port; otherwise, when `port` is taken, the next few are tried.
 *
 * @param {{ port?: number, host?: string, log?: (message: string) => void }} [options]
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startServer({ port = 8080, host = '127.0.0.1', log = console.log } = {}) {
  const attempts = port === 0 ? 1 : PORT_ATTEMPTS;
  for (let i = 0; i < attempts; i++) {
    const server = createServer((req, res) => void handle(req, res));
    try {
      await new Promise((resolveListen, rejectListen) => {
        server.once('error', rejectListen);
        server.listen(port + i, host, () => {
          server.off('error', rejectListen);
          resolveListen(undefined);
        });
      });
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code === 'EADDRINUSE' && i < attempts - 1) continue;
      throw err;
    }
    const address = server.address();
    const actualPort = typeof address === 'object' && address !== null ? address.port : port + i;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    const url = `http://${urlHost}:${actualPort}/`;
    if (i > 0) log(`Port ${port} is taken; using ${actualPort}.`);
    log(`\n  Floorwalk demo: ${url}\n  Docs:           ${url}docs/ (built by \`npm run docs\`)\n\n  Ctrl+C to stop.\n`);
    return {
      url,
      port: actualPort,
      close: () =>
        new Promise((resolveClose, rejectClose) => {
          server.close((err) => (err ? rejectClose(err) : resolveClose(undefined)));
          server.closeAllConnections();
        }),
    };
  }
  throw new Error(`No free port in ${port}-${port + attempts - 1}`);
}

async function main() {
  const requested = process.env.PORT === undefined || process.env.PORT === '' ? 8080 : Number(process.env.PORT);
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535) {
    console.error(`PORT must be a port number, got "${process.env.PORT}".`);
    process.exit(1);
  }
  const missing = [];
  for (const pkg of ['core', 'adapters']) {
    try {
      await stat(join(repoRoot, 'packages', pkg, 'dist'));
    } catch {
      missing.push(pkg);
    }
  }
  if (missing.length > 0) console.warn(`Warning: packages/${missing.join(', ')}/dist missing; run \`npm run build\` first.`);
  const server = await startServer({ port: requested, host: process.env.HOST || '127.0.0.1' });
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
