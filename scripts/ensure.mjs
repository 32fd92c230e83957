// Set-up shared by `npm start`, `npm test` and CI: installs what is missing, says clearly what it
// cannot do. Dependency-free on purpose: it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

export function ensureNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`Floorwalk needs Node.js 20.19 or newer; this is ${process.version}. Install Node 20 LTS and retry.`);
  }
}

/** Runs `npm ci` when node_modules is missing or older than the lockfile. */
export function ensureDependencies() {
  const lock = join(root, 'package-lock.json');
  const installed = join(root, 'node_modules', '.package-lock.json');
  const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
  if (!stale) return;
  console.log('• Installing dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) fail('npm ci failed (see above). Check your network access to the npm registry and retry.');
}

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium the browser tests drive; installs Debian's package when root and missing. */
export function ensureChromium() {
  const found = [process.env.CHROME_PATH, ...CANDIDATES].find((p) => p && existsSync(p));
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    fail(
      'Browser tests need Chromium and none was found.\n' +
        '  Debian/Ubuntu: sudo apt-get install -y chromium\n' +
        '  Elsewhere: install Chromium or Chrome and set CHROME_PATH to its executable.\n' +
        '  (Floorwalk never downloads a browser by itself.)',
    );
  }
  console.log('• Installing Chromium from Debian packages (apt-get, about 2 minutes)…');
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch {
    fail('apt-get install chromium failed (see above).');
  }
  const installed = CANDIDATES.find((p) => existsSync(p));
  if (!installed) fail('apt-get finished but no Chromium executable was found.');
  return installed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureNode();
  ensureDependencies();
  if (process.argv.includes('--chromium')) ensureChromium();
}
