import { ErrorCode, FloorwalkError } from '@floorwalk/core';
import { expect } from '@open-wc/testing';
import { busySeconds as lazySeconds, whyBusy as lazyWhy } from './busy-lazy.js';
import { busySeconds, whyBusy } from './busy.js';
import { whyBusyEs } from './common-strings.es.js';

const limited = (retryAfterMs?: number): FloorwalkError =>
  new FloorwalkError(ErrorCode.RateLimited, 'Genesys: 429', retryAfterMs === undefined ? {} : { details: { retryAfterMs } });

describe('busy words', () => {
  it('the wait in whole seconds, rounded up; none given is 0 and reads "shortly"', () => {
    expect([limited(36_001), limited(37_000), limited(400), limited()].map(busySeconds)).to.deep.equal([37, 37, 1, 0]);
    expect(whyBusy(37)).to.equal('The platform is busy: try again in 37 s.');
    expect(whyBusy(0)).to.equal('The platform is busy: try again shortly.');
    expect(whyBusyEs(0)).to.equal('La plataforma está ocupada: vuelva a intentarlo en breve.');
  });

  it("the lazy parts' copy says the same", () => {
    for (const ms of [undefined, 400, 37_000]) expect(lazyWhy(lazySeconds(limited(ms)))).to.equal(whyBusy(busySeconds(limited(ms))));
  });
});
