import { createRoot } from 'react-dom/client';
import { setupAmplify } from './amplify-setup';
import { SessionProvider } from './auth/session';
import { I18nProvider } from './i18n/i18n';
import { App } from './shell/App';
import './styles.css';
import './print.css';

const root = createRoot(document.getElementById('root')!);

setupAmplify().then(
  (backend) =>
    root.render(
      <I18nProvider>
        <SessionProvider backend={backend}>
          <App />
        </SessionProvider>
      </I18nProvider>,
    ),
  (error: unknown) =>
    root.render(
      <div className="error boot" role="alert">
        Marquee could not start / 起動できませんでした: {error instanceof Error ? error.message : String(error)}
      </div>,
    ),
);
