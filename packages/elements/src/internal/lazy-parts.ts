import type { ReactiveControllerHost } from 'lit';

/**
 * The parts of an element loaded on first need (dynamic imports, each loaded once per page
 * through core's `importOnce`): what only one role, one state or one kind of conversation shows.
 * The first render that needs a part starts its load (one at a time) and renders again when it is
 * there; a failed load is kept for the element to show in the part's place, announced, and not
 * tried again by this element (a later element fetches it again).
 */
export class LazyParts<P> {
  private readonly held: Partial<P> = {};
  /** The load in flight, which the element's `updateComplete` waits for (see {@link settled}). */
  private loading: Promise<void> | undefined;
  /**
   * A part could not be loaded. The element says so in its own words: the browser's reason
   * names a module URL, which tells the person reading it nothing they can act on.
   */
  failed = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: <K extends keyof P>(name: K) => Promise<P[K]>,
    private readonly onFailed: () => void,
  ) {}

  /** The part once loaded; undefined while it loads, or after a failure (see {@link failed}). */
  get<K extends keyof P>(name: K): P[K] | undefined {
    const part = this.held[name];
    if (part !== undefined || this.failed) return part;
    this.loading ??= this.load(name).then(
      (loaded) => {
        this.held[name] = loaded;
        this.loading = undefined;
        this.host.requestUpdate();
      },
      () => {
        this.loading = undefined;
        this.failed = true;
        this.onFailed();
        this.host.requestUpdate();
      },
    );
    return undefined;
  }

  /** The element's own update, awaited again after each load, so a part shows once settled. */
  async settled(update: () => Promise<boolean>): Promise<boolean> {
    let complete = await update();
    while (this.loading !== undefined) {
      await this.loading;
      complete = await update();
    }
    return complete;
  }
}
