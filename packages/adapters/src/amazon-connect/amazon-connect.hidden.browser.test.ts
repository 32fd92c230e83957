// The team side's polling in a tab the supervisor leaves in the background: Chromium runs timers
// in a hidden tab late, so the poll's timer chain must not nest (intensive wake-up throttling
// holds nested chains to one wake-up a minute), and a board coming back into view a poll behind
// must poll at once. msw's service worker stands in for the host's backend.
import { expect } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { systemClock, type AdapterSink, type Clock } from '@floorwalk/core';
import { createManualClock } from '@floorwalk/core/testing';
import { createAmazonConnectAdapter, type AmazonConnectAdapterOptions } from '@floorwalk/adapters/amazon-connect';
import { createAmazonConnectMocks } from '@floorwalk/adapters/amazon-connect/mocks';

const sink: AdapterSink = { events() {}, status() {}, error() {} };
const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string, ms = 2000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick(10);
  }
}

/** The page hides, then shows again, as a browser reports it. */
function hideThenShow(): void {
  for (const state of ['hidden', 'visible'] as const) {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }
}

describe('amazon-connect polls in a hidden tab', () => {
  const mocks = createAmazonConnectMocks({ users: 20 });
  const worker = setupWorker(...mocks.backend.handlers);
  // The team side only: the CCP has nothing to do with polling.
  const options = (clock: Clock): AmazonConnectAdapterOptions => ({ ...mocks.adapterOptions, streams: undefined, pollIntervalMs: 60_000, clock });
  const polls = (): number => mocks.backend.requests.filter((r) => r.operation === 'GetCurrentUserData').length;

  before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
  after(() => worker.stop());
  afterEach(() => {
    // Back to the document's own (prototype) getter.
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('arms the next poll from a task of its own, so the timer chain does not nest', async () => {
    const manual = createManualClock(Date.now());
    const tasks: (() => void)[] = [];
    const clock: Clock = { ...manual, inOwnTask: (run) => void tasks.push(run) };
    const adapter = createAmazonConnectAdapter(options(clock));
    await adapter.connect(sink);
    const first = polls();
    expect(tasks.length, 'the first poll re-arms through inOwnTask').to.equal(1);
    expect(manual.pendingTimers, 'and sets no timer in its own task').to.equal(0);
    tasks.shift()?.();
    expect(manual.pendingTimers, 'the task arms the timer').to.equal(1);
    manual.advance(60_000);
    await until(() => polls() === first + 1 && tasks.length === 1, 'the next poll and its re-arm');
    await adapter.disconnect();
    // A task that comes after the disconnect arms nothing.
    tasks.shift()?.();
    expect(manual.pendingTimers).to.equal(0);
  });

  it('polls at once when the page shows again a poll behind, and not when the last poll is recent', async () => {
    // The page's clock, moved on by hand: the tab "was hidden" for as long as the test says.
    let away = 0;
    const clock: Clock = { ...systemClock, now: () => Date.now() + away };
    const adapter = createAmazonConnectAdapter(options(clock));
    await adapter.connect(sink);
    const first = polls();

    away = 30_000;
    hideThenShow();
    await tick(300);
    expect(polls(), 'the last poll is half an interval old').to.equal(first);

    away = 61_000;
    hideThenShow();
    // Twice: for the second, the poll the first started is recent.
    hideThenShow();
    // The timer's next poll is a real minute away: a poll within the wait is the page showing.
    await until(() => polls() === first + 1, 'a poll on showing again');
    await tick(300);
    expect(polls(), 'one poll, not two').to.equal(first + 1);

    await adapter.disconnect();
    away = 200_000;
    hideThenShow();
    await tick(300);
    expect(polls(), 'nothing after disconnect').to.equal(first + 1);
  });
});
