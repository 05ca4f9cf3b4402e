// Installable app: register the service worker that caches the app shell (never /api data).
// Not under the dev server (its modules change on every edit). `import.meta.hot` rather than
// `import.meta.env.PROD`: a build run with NODE_ENV=test (the browser tests) is still a build.
export function registerServiceWorker() {
  if (import.meta.hot || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  window.addEventListener('load', () => {
    // Without it the app still works, only not offline: say why in the console.
    navigator.serviceWorker
      .register('/sw.js', { scope: '/' })
      .catch((e) => console.warn('service worker:', e));
  });
}
