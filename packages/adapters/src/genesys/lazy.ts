import { FloorwalkError, type ErrorCodeValue } from '@floorwalk/core';

/**
 * Loads a part of the adapter on first need and keeps it. A failed load is a typed error, and the
 * next call tries again. Shared by the adapter and `createGenesysEvaluations`, both up front.
 */
export function lazy<T>(load: () => Promise<T>, code: ErrorCodeValue, message: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined;
      throw new FloorwalkError(code, message, { cause: err });
    }));
}
