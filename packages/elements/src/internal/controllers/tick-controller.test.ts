// The page's shared ticker, counted in real time in the browser: a period the browser cannot
// hold as a timer (longer than 2^31 − 1 ms, or Infinity) fires every few milliseconds instead.
import { aTimeout, expect } from '@open-wc/testing';
import { ReactiveElement } from 'lit';
import { TickController, setTickPeriod } from './tick-controller.js';

class FwTestTicks extends ReactiveElement {
  ticks = 0;
  readonly ticker = new TickController(this, () => this.ticks++);
}
customElements.define('fw-test-ticks', FwTestTicks);

describe('setTickPeriod', () => {
  afterEach(() => setTickPeriod(1000));

  it('refuses a period a browser timer cannot hold, and keeps the one it had', async () => {
    const el = document.body.appendChild(new FwTestTicks());
    try {
      setTickPeriod(3_600_000);
      for (const bad of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '50' as unknown as number]) {
        expect(() => setTickPeriod(bad), String(bad)).to.throw(RangeError, /tick period/);
      }
      await aTimeout(300);
      expect(el.ticks, 'an hour-long period still in force: no tick in 300 ms').to.equal(0);
      setTickPeriod(2 ** 31 - 1);
      await aTimeout(300);
      expect(el.ticks, 'the longest a timer holds').to.equal(0);
      setTickPeriod(20);
      await aTimeout(300);
      expect(el.ticks, 'a 20 ms period ticks').to.be.greaterThan(3);
    } finally {
      el.remove();
    }
  });
});
