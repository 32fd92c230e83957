// The hardened example's own tiny server: the pages, their esbuild bundles and the CSS, every
// response with the strict Content Security Policy, plus a WebAuthn relying party (register,
// challenge, verify) that checks assertions for real: challenge, origin, RP id hash, the
// user-present and user-verified flags, and the ES256 signature against the registered key.
import { createHash, randomBytes, verify as verifySignature } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** The policy every response carries (see docs/security.md). */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html floorwalk; object-src 'none'; base-uri 'none'";

export interface HardenedServer {
  /** `http://localhost:<port>` (localhost, not an IP: WebAuthn needs a domain as RP id). */
  readonly url: string;
  /** Resolves when the next `/webauthn/verify` request has arrived; its answer waits for `release`. */
  nextVerify(): Promise<{ release: () => void }>;
  /** How many assertions the relying party accepted and refused. */
  readonly verdicts: { accepted: number; refused: number };
  close(): Promise<void>;
}

const b64url = (buffer: Uint8Array): string => Buffer.from(buffer).toString('base64url');

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

/**
 * Starts the server, on `port` or a free one. `?csp=off` on a page drops the policy, for the
 * escape-only XSS run.
 */
export async function startHardenedServer({ port: wanted = 0 }: { port?: number } = {}): Promise<HardenedServer> {
  const bundle = await build({
    entryPoints: { hardened: join(here, 'hardened.ts'), 'step-up': join(here, 'step-up.ts') },
    outdir: '/virtual',
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    tsconfig: join(root, 'tsconfig.json'),
    conditions: ['browser', 'production'],
    // The elements' package.json lists its dist files as side-effectful; these are its sources.
    ignoreAnnotations: true,
    logLevel: 'warning',
  });
  const scripts = new Map(bundle.outputFiles.map((f) => [`/${f.path.split('/').pop()}`, f.text]));
  const files: Record<string, [string, string]> = {
    '/': [join(here, 'index.html'), 'text/html; charset=utf-8'],
    '/step-up.html': [join(here, 'step-up.html'), 'text/html; charset=utf-8'],
    '/tokens.css': [join(root, 'packages/elements/src/styles/tokens.css'), 'text/css; charset=utf-8'],
    '/light.css': [join(root, 'packages/elements/src/styles/themes/light.css'), 'text/css; charset=utf-8'],
  };

  // The relying party's state: one user, single-use challenges, registered public keys.
  const userId = randomBytes(16);
  const challenges = new Set<string>();
  const keys = new Map<string, Buffer>();
  const verdicts = { accepted: 0, refused: 0 };
  let verifyWaiters: ((hold: { release: () => void }) => void)[] = [];
  let origin = '';

  const json = (res: ServerResponse, status: number, value: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'content-security-policy': STRICT_CSP });
    res.end(JSON.stringify(value));
  };
  const issue = (): string => {
    const challenge = b64url(randomBytes(32));
    challenges.add(challenge);
    return challenge;
  };

  const checkAssertion = (input: unknown): string | null => {
    const { challenge, credential } = (input ?? {}) as { challenge?: string; credential?: { id?: string; response?: Record<string, string> } };
    if (typeof challenge !== 'string' || !challenges.delete(challenge)) return 'unknown or reused challenge';
    const key = keys.get(credential?.id ?? '');
    const r = credential?.response;
    if (key === undefined || r === undefined) return 'unknown credential';
    const clientDataJSON = Buffer.from(r['clientDataJSON'] ?? '', 'base64url');
    const authenticatorData = Buffer.from(r['authenticatorData'] ?? '', 'base64url');
    const clientData = JSON.parse(clientDataJSON.toString('utf8')) as { type?: string; challenge?: string; origin?: string };
    if (clientData.type !== 'webauthn.get' || clientData.challenge !== challenge || clientData.origin !== origin) return 'client data does not match';
    const rpIdHash = createHash('sha256').update('localhost').digest();
    if (!authenticatorData.subarray(0, 32).equals(rpIdHash)) return 'wrong relying party';
    const flags = authenticatorData[32] ?? 0;
    if ((flags & 0x01) === 0 || (flags & 0x04) === 0) return 'user not present or not verified';
    const signed = Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]);
    const ok = verifySignature('sha256', signed, { key, format: 'der', type: 'spki' }, Buffer.from(r['signature'] ?? '', 'base64url'));
    return ok ? null : 'bad signature';
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      try {
        if (req.method === 'POST' && url.pathname === '/webauthn/register-options') return json(res, 200, { challenge: issue(), userId: b64url(userId) });
        if (req.method === 'POST' && url.pathname === '/webauthn/register') {
          const { id, publicKey } = (await body(req)) as { id: string; publicKey: string };
          keys.set(id, Buffer.from(publicKey, 'base64url'));
          return json(res, 200, { registered: true });
        }
        if (req.method === 'POST' && url.pathname === '/webauthn/challenge') {
          await body(req);
          return json(res, 200, { challenge: issue(), rpId: 'localhost', allowCredentials: [...keys.keys()], timeout: 10_000 });
        }
        if (req.method === 'POST' && url.pathname === '/webauthn/verify') {
          const input = await body(req);
          const waiter = verifyWaiters.shift();
          if (waiter !== undefined) await new Promise<void>((release) => waiter({ release }));
          const problem = checkAssertion(input);
          if (problem === null) verdicts.accepted++;
          else verdicts.refused++;
          return problem === null ? json(res, 200, { verified: true }) : json(res, 403, { verified: false, problem });
        }
        const script = scripts.get(url.pathname);
        const file = files[url.pathname];
        if (script === undefined && file === undefined) {
          res.writeHead(404, { 'content-security-policy': STRICT_CSP });
          return res.end('Not found');
        }
        const headers: Record<string, string> = { 'content-type': script === undefined ? (file as [string, string])[1] : 'text/javascript; charset=utf-8', 'cache-control': 'no-store' };
        if (url.searchParams.get('csp') !== 'off') headers['content-security-policy'] = STRICT_CSP;
        res.writeHead(200, headers);
        res.end(script ?? (await readFile((file as [string, string])[0])));
      } catch (err) {
        res.writeHead(500);
        res.end(String(err));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wanted, 'localhost', () => (server.off('error', reject), resolve()));
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://localhost:${port}`;
  return {
    url: origin,
    verdicts,
    nextVerify: () => new Promise((resolve) => verifyWaiters.push(resolve)),
    close: () => {
      verifyWaiters = [];
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// `npm run example:hardened`: the pages need this server's headers and relying party, so the demo
// server (`npm start`) cannot serve them.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const given = process.env.PORT;
  const port = given === undefined || given.trim() === '' ? 8090 : Number(given);
  // Checked here, or listen()'s RangeError would be the answer, stack and all.
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`PORT=${given} is not a port (0 to 65535).`);
    process.exit(1);
  }
  const server = await startHardenedServer({ port }).catch((err: NodeJS.ErrnoException) => {
    console.error(err.code === 'EADDRINUSE' ? `Port ${port} is taken: set PORT to another.` : err);
    process.exit(1);
  });
  console.log(`\n  Hardened example (strict CSP, Trusted Types): ${server.url}/\n  WebAuthn step-up:                          ${server.url}/step-up.html\n\n  Ctrl+C to stop.\n`);
}
