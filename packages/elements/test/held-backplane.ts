// A backplane that passes everything to the real one, except that, while held, writes wait until
// released: a slow network, so that what an element shows while a write is on its way can be read.
import type { EvaluationsBackplane } from '@floorwalk/core/evaluations';

export interface HeldBackplane {
  readonly backplane: EvaluationsBackplane;
  /** Holds the writes from now on; the function returned lets them (and later ones) through. */
  hold(): () => void;
}

export function heldWrites(real: EvaluationsBackplane): HeldBackplane {
  let gate: Promise<void> = Promise.resolve();
  return {
    backplane: {
      get: (key) => real.get(key),
      list: (prefix) => real.list(prefix),
      watch: (listener) => real.watch(listener),
      put: async (write) => {
        await gate;
        return real.put(write);
      },
    },
    hold() {
      let release: () => void = () => undefined;
      gate = new Promise<void>((resolve) => (release = resolve));
      return release;
    },
  };
}
