// Step-up in a real browser: a supervisor's barge is held until WebAuthn with user verification
// succeeds against the page server's relying-party endpoints. Driven by step-up.e2e.ts.
import { createFloorwalk, createWebAuthnVerifier, type AuditEntry, type Floorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';

declare global {
  interface Window {
    stepUp?: {
      client: Floorwalk;
      /** Command types in the order they reached the adapter. */
      executed: string[];
      /** Audit entries in the order written. */
      audit: AuditEntry[];
      register(): Promise<string>;
      barge(): Promise<{ ok: boolean; code?: number; message?: string }>;
    };
  }
}

const b64url = (buffer: ArrayBuffer): string => {
  let s = '';
  for (const byte of new Uint8Array(buffer)) s += String.fromCharCode(byte);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const unb64url = (text: string): Uint8Array<ArrayBuffer> => {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
};

async function start(): Promise<void> {
  const sim = createSimulatorAdapter({ seed: 42, agents: 24, speed: 1 });
  const executed: string[] = [];
  const audit: AuditEntry[] = [];
  const client = createFloorwalk({
    adapter: { ...sim, execute: (command) => (executed.push(command.type), sim.execute(command)) },
    clock: sim.clock,
    // A floor lead over every team, whom the simulator lists nowhere: it holds a team's own
    // supervisor (sup-1) to that team, as a platform would, and the barge below may be on anyone.
    session: { userId: 'floor-lead', role: 'supervisor', teamIds: 'all' },
    policy: { stepUp: { commands: ['start-monitoring'], modes: ['barge'] } },
    verifyUser: createWebAuthnVerifier({ challengeUrl: '/webauthn/challenge', verifyUrl: '/webauthn/verify' }),
  });
  client.on('audit', (entry) => audit.push(entry));
  await client.connect();

  window.stepUp = {
    client,
    executed,
    audit,
    async register() {
      const options = (await (await fetch('/webauthn/register-options', { method: 'POST' })).json()) as { challenge: string; userId: string };
      const credential = (await navigator.credentials.create({
        publicKey: {
          challenge: unb64url(options.challenge),
          rp: { name: 'Floorwalk hardened example', id: location.hostname },
          user: { id: unb64url(options.userId), name: 'floor-lead', displayName: 'Floor lead' },
          pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
          authenticatorSelection: { authenticatorAttachment: 'platform', residentKey: 'required', userVerification: 'required' },
        },
      })) as PublicKeyCredential;
      const response = credential.response as AuthenticatorAttestationResponse;
      const publicKey = response.getPublicKey();
      if (publicKey === null) throw new Error('no public key');
      await fetch('/webauthn/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: credential.id, publicKey: b64url(publicKey), alg: response.getPublicKeyAlgorithm() }),
      });
      return credential.id;
    },
    async barge() {
      const watched = new Set(client.getMonitoringSessions({ active: true }).map((s) => s.interactionId));
      const target = client.getInteractions({ state: 'connected' }).find((i) => i.agentId !== undefined && !watched.has(i.id));
      if (target === undefined) return { ok: false, message: 'no connected interaction' };
      try {
        await client.startMonitoring(target.agentId as string, target.id, 'barge');
        return { ok: true };
      } catch (err) {
        const e = err as { code?: number; message?: string };
        return { ok: false, ...(e.code === undefined ? {} : { code: e.code }), message: String(e.message) };
      }
    },
  };
  document.getElementById('status')!.textContent = 'Live';
}

start().catch((err: unknown) => {
  document.getElementById('status')!.textContent = `Failed: ${err instanceof Error ? err.message : String(err)}`;
});
