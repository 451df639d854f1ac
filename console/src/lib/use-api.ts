import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export interface ApiState<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  /** Loads again; the current data stays on screen until the new answer arrives. */
  reload: () => Promise<void>;
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'client_error', error instanceof Error ? error.message : String(error));
}

/** Loads `load()` when `deps` change; answers that arrive after a newer request are dropped. */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): ApiState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const controller = useRef<AbortController | null>(null);
  const run = useCallback(
    async () => {
      const id = ++latest.current;
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setLoading(true);
      try {
        const value = await load(abort.signal);
        if (id !== latest.current) return;
        setData(value);
        setError(null);
      } catch (caught) {
        if (id !== latest.current || abort.signal.aborted) return;
        setError(asApiError(caught));
      } finally {
        if (id === latest.current) setLoading(false);
      }
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when `load` changes.
    deps,
  );

  useEffect(() => {
    void run();
    return () => controller.current?.abort();
  }, [run]);

  return { data, error, loading, reload: run };
}

export function errorOf(error: unknown): ApiError {
  return asApiError(error);
}
