import { useEffect, useState, type Inputs } from 'preact/hooks';
import { asApiError, isAbort, type ApiError } from './api';

export type Resource<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly value: T }
  | { readonly state: 'failed'; readonly error: ApiError };

/** Loads again whenever `inputs` change; a load that is no longer wanted is aborted and its answer ignored. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, inputs: Inputs): Resource<T> {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    setResource({ state: 'loading' });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setResource({ state: 'loaded', value });
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) setResource({ state: 'failed', error: asApiError(error) });
      },
    );
    return () => controller.abort();
  }, inputs);
  return resource;
}
