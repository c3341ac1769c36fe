/** React access to the one RealtimeClient (socket.ts) of the page. */
import { createContext, useContext } from 'react';
import type { RealtimeClient } from './socket.js';

export const RealtimeContext = createContext<RealtimeClient | null>(null);

/** The RealtimeClient; throws outside <RealtimeContext.Provider>. */
export function useRealtime(): RealtimeClient {
  const r = useContext(RealtimeContext);
  if (!r) throw new Error('useRealtime outside RealtimeContext');
  return r;
}
