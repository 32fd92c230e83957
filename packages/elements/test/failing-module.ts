import { http, HttpResponse, passthrough } from 'msw';
import { setupWorker } from 'msw/browser';

/** What {@link failModule} saw and does: the URLs asked for, and whether it fails them now. */
export interface FailingModule {
  readonly requested: string[];
  failing: boolean;
}

/**
 * Makes the requests for the modules whose URL matches `pattern` fail, as a dropped connection
 * or a missing chunk would (msw's service worker answers them with a network error), while
 * `failing` is true, and lets them through after. Call it in a `describe`: it starts the worker
 * before the suite and stops it after. A test file using it runs in the browser pass of the
 * files that start msw (web-test-runner.config.mjs looks for this module's name).
 */
export function failModule(pattern: RegExp): FailingModule {
  const state: FailingModule = { requested: [], failing: true };
  const worker = setupWorker(
    http.get(pattern, ({ request }) => {
      state.requested.push(request.url);
      return state.failing ? HttpResponse.error() : passthrough();
    }),
  );
  before(async () => {
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  });
  after(() => worker.stop());
  return state;
}
