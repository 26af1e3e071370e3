// Only the newest answer counts: when a page asks again (another machine, day or region) before the
// earlier answer has come, the earlier one must not overwrite the newer one when it arrives last —
// on a slow connection or a busy server the day plan of the previous day could otherwise be shown
// under the day the user chose.
import { useState } from 'react';

/**
 * `latest(promise)`: the promise of the newest call settles as the request does; a promise from an
 * earlier call never settles (its `.then`/`.catch` never run) once a newer call was made.
 */
export function createLatestRequest(): <T>(request: Promise<T>) => Promise<T> {
  let newest = 0;
  return <T>(request: Promise<T>): Promise<T> => {
    const mine = ++newest;
    const never = new Promise<T>(() => {});
    return request.then(
      (value) => (mine === newest ? value : never),
      (error: unknown) => (mine === newest ? Promise.reject(error) : never),
    );
  };
}

/** One `createLatestRequest()` per component: wrap every request whose answer replaces what the page shows. */
export function useLatestRequest(): <T>(request: Promise<T>) => Promise<T> {
  return useState(createLatestRequest)[0];
}
