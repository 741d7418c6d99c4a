import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { api } from './api/api.ts';
import { CHANNEL_NAMES } from './api/channels.ts';
import { apiUrlFor, createWsClient } from './api/wsClient.ts';
import { bindShellMenu } from './shellMenu.ts';
import { installKeyboard } from './keyboard.ts';
import { startLiveValidation } from './store/liveValidation.ts';

// Electron's preload provides the API; under the web host, talk to it over its WebSocket.
if (!window.clusterwright) {
  window.clusterwright = createWsClient(apiUrlFor(window.location), CHANNEL_NAMES);
}
startLiveValidation(api());
installKeyboard(window);
bindShellMenu();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
