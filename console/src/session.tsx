import { createContext, useContext } from 'react';
import type { Inspector } from './api/types';

export const DEFAULT_SLA_HOURS = 4;

export interface Session {
  inspector: Inspector;
  /** Past this age a queued contract is shown in red. */
  slaHours: number;
  isAdmin: boolean;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export function sessionFrom(me: { inspector: Inspector; inspection_sla_hours?: number }): Session {
  const sla = me.inspection_sla_hours;
  return {
    inspector: me.inspector,
    slaHours: typeof sla === 'number' && sla > 0 ? sla : DEFAULT_SLA_HOURS,
    isAdmin: me.inspector.role === 'admin',
  };
}
