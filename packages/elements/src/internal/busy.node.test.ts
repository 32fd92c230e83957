import { ErrorCode, FloorwalkError } from '@floorwalk/core';
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { busySeconds as lazySeconds, whyBusy as lazyWhy } from './busy-lazy.js';
import { busySeconds, whyBusy } from './busy.js';
import { whyBusyEs } from './common-strings.es.js';

const limited = (retryAfterMs?: number): FloorwalkError =>
  new FloorwalkError(ErrorCode.RateLimited, 'Genesys: 429', retryAfterMs === undefined ? {} : { details: { retryAfterMs } });

describe('busy words', () => {
  it('the wait in whole seconds, rounded up; none given is 0 and reads "shortly"', () => {
    assert.deepEqual([limited(36_001), limited(37_000), limited(400), limited()].map(busySeconds), [37, 37, 1, 0]);
    assert.equal(whyBusy(37), 'The platform is busy: try again in 37 s.');
    assert.equal(whyBusy(0), 'The platform is busy: try again shortly.');
    assert.equal(whyBusyEs(0), 'La plataforma está ocupada: vuelva a intentarlo en breve.');
  });

  it("the lazy parts' copy says the same", () => {
    for (const ms of [undefined, 400, 37_000]) assert.equal(lazyWhy(lazySeconds(limited(ms))), whyBusy(busySeconds(limited(ms))));
  });
});
