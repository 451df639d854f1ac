import { useCallback, useRef } from 'react';
import { api } from '../../api/client';
import type { Dossier } from '../../api/types';
import { useApi } from '../../lib/use-api';

/**
 * One contract's dossier. Its image links live 15 s: `refreshLinks` fetches the dossier again for
 * fresh ones, and several images failing at once share that single request.
 */
export function useDossier(contractId: string) {
  const state = useApi(
    (signal) => api.get<Dossier>(`/contracts/${encodeURIComponent(contractId)}`, { signal }),
    [contractId],
  );
  const inFlight = useRef<Promise<void> | null>(null);
  const { reload } = state;
  const refreshLinks = useCallback(() => {
    inFlight.current ??= reload().finally(() => {
      inFlight.current = null;
    });
    return inFlight.current;
  }, [reload]);
  return { ...state, refreshLinks };
}
