// `npm run example:hardened`'s command line: a PORT it cannot use is one line saying so and exit 1.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const script = fileURLToPath(new URL('./serve.ts', import.meta.url));

/** Runs the CLI with PORT as given; what it wrote to stderr and its exit code. */
function run(port: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, PORT: port }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A CLI that started after all would serve until stopped: the test fails rather than hangs.
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

test('a PORT that is no port (letters, out of range, a fraction) is said so in one line, exit 1, not a RangeError stack', async () => {
  for (const port of ['abc', '70000', '80.5', '-1']) {
    const { code, stderr } = await run(port);
    assert.equal(code, 1, `PORT=${port}`);
    assert.equal(stderr.trim(), `PORT=${port} is not a port (0 to 65535).`);
  }
});

test('a taken port is said so in one line, exit 1', async () => {
  const taken: Server = createServer();
  await new Promise<void>((resolve) => taken.listen(0, 'localhost', resolve));
  const { port } = taken.address() as { port: number };
  try {
    const { code, stderr } = await run(String(port));
    assert.equal(code, 1);
    assert.equal(stderr.trim(), `Port ${port} is taken: set PORT to another.`);
  } finally {
    taken.close();
  }
});
