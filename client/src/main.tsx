/** Entry point: i18n, the one 3D viewer, the live connection, the session, then the React tree. */
import './i18n/index.js';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { RealtimeContext } from './api/RealtimeContext.js';
import { RealtimeClient } from './api/socket.js';
import { SessionProvider } from './features/account/session.js';
import { getCityViewer } from './viewer/cityViewer.js';

const viewer = getCityViewer();
const realtime = new RealtimeClient();
const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('#root missing from index.html');

createRoot(rootEl).render(
  <StrictMode>
    <RealtimeContext.Provider value={realtime}>
      <SessionProvider>
        <App viewer={viewer} />
      </SessionProvider>
    </RealtimeContext.Provider>
  </StrictMode>,
);
