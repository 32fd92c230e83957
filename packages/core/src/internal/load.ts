import { ErrorCode, FloorwalkError } from '../errors.js';

/**
 * A part of the core loaded on first need, once per page and shared by every client on it.
 * `load` is a dynamic import written where the part is used, so bundlers split the part there.
 * A failed load is forgotten, so the next call fetches again, and rejects with a retryable
 * `LoadFailed` naming the part: a host can tell "try again" from a refusal.
 *
 * @internal
 */
export function loadOnce<T>(part: string, load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw new FloorwalkError(ErrorCode.LoadFailed, `The ${part} code could not be loaded; check the connection and try again.`, {
        cause: err,
        details: { part },
      });
    }));
}
