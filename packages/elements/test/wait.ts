// @open-wc's waitUntil, with the time limit the element tests mean. Its default of 1 s is a
// duration, not a condition: on a loaded CI machine a render or a simulated second can take
// longer, and a test failed for it says nothing about the element. A test that means a shorter
// limit passes its own. Written here rather than wrapped: @open-wc's leaves its time-limit timer
// running after the condition holds, which a test counting the page's long timers would count.
// The limit is read from Date.now(), which no test holds still (some hold performance.now()).

/** Resolves once `predicate` holds, checked every `interval` ms; rejects after `timeout` ms (5 s by default). */
export async function waitUntil(predicate: () => unknown, message?: string, options: { interval?: number; timeout?: number } = {}): Promise<void> {
  const { interval = 50, timeout = 5000 } = options;
  // Where the caller waited, for the failure's stack, as @open-wc's keeps it.
  const { stack } = new Error();
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() >= deadline) {
      const error = new Error(message === undefined ? `waitUntil timed out after ${timeout}ms` : `Timeout: ${message}`);
      error.stack = stack;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
