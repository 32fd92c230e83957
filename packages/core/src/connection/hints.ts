/** A hint from the platform that the link may have changed. Hints trigger a check; they are never trusted. */
export type ConnectionHint = 'online' | 'offline' | 'visible';

/** Subscribes the client to connection hints; returns the unsubscribe function. */
export type HintSource = (hint: (hint: ConnectionHint) => void) => () => void;

interface HintTarget {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
  readonly visibilityState?: string;
}

/**
 * The browser's hints: `online` and `offline` on the global scope, and the page becoming
 * visible again. Nothing is listened to where these do not exist (Node, workers without them).
 *
 * @example
 * ```ts
 * const client = createFloorwalk({ adapter, session, reconnect: true, hints: browserHints() });
 * ```
 */
export function browserHints(): HintSource {
  return (hint) => {
    const scope = globalThis as unknown as Partial<HintTarget> & Record<string, unknown>;
    if (typeof scope.addEventListener !== 'function' || typeof scope.removeEventListener !== 'function') return () => {};
    const page = scope['document'] as HintTarget | undefined;
    const online = (): void => hint('online');
    const offline = (): void => hint('offline');
    const visible = (): void => {
      if (page?.visibilityState === 'visible') hint('visible');
    };
    scope.addEventListener('online', online);
    scope.addEventListener('offline', offline);
    page?.addEventListener('visibilitychange', visible);
    return () => {
      scope.removeEventListener?.('online', online);
      scope.removeEventListener?.('offline', offline);
      page?.removeEventListener('visibilitychange', visible);
    };
  };
}
