import { FloorwalkError, importOnce, type ErrorCodeValue } from '@floorwalk/core';

/**
 * Loads a part of the adapter on first need and keeps it. A failed load is a typed error, and the
 * next call fetches again (see core's `importOnce`). Shared by the adapter and
 * `createGenesysEvaluations`, both up front.
 */
export function lazy<T>(load: () => Promise<T>, code: ErrorCodeValue, message: string): () => Promise<T> {
  const get = importOnce(load);
  return () =>
    get().catch((err: unknown) => {
      throw new FloorwalkError(code, message, { cause: err });
    });
}
