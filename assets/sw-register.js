// Registers DevOps Lab's service worker (sw.js, see assets/sw-template.js) once the page
// has loaded, and tells the app when a new version is waiting. It talks to the yew app
// through DOM events only, so the app's wasm carries no service-worker code:
//   window 'devops-lab:update-ready'  (from here)  a new version is installed and waiting;
//                                                  <html data-update-ready="true"> says so
//                                                  too, for an app that starts later;
//   window 'devops-lab:update-accept' (from the app) the learner asked for it: the waiting
//                                                  worker takes over and the page reloads.
// The page never switches version on its own.
const READY = 'devops-lab:update-ready';
const ACCEPT = 'devops-lab:update-accept';

function announce() {
  document.documentElement.dataset.updateReady = 'true';
  window.dispatchEvent(new CustomEvent(READY));
}

async function start() {
  let registration;
  try {
    registration = await navigator.serviceWorker.register(new URL('sw.js', import.meta.url), {
      updateViaCache: 'none',
    });
  } catch (e) {
    // Blocked (private mode, a test browser) or no sw.js: the app works, online only.
    console.info(`DevOps Lab will not work offline here: ${e && e.message}`);
    return;
  }
  if (!registration) return; // a stubbed register() (test browsers that block workers)
  // A first install (no worker controls the page yet) is not an update.
  const watch = (worker) => {
    if (!worker) return;
    worker.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) announce();
    });
  };
  if (registration.waiting && navigator.serviceWorker.controller) announce();
  watch(registration.installing);
  registration.addEventListener('updatefound', () => watch(registration.installing));

  let accepted = false;
  window.addEventListener(ACCEPT, () => {
    accepted = true;
    if (registration.waiting) registration.waiting.postMessage({ type: 'skip-waiting' });
    else location.reload();
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (accepted) location.reload();
  });

  // Look for a new version when the learner comes back to the tab, and every 30 minutes.
  const check = () => registration.update().catch(() => {});
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
  setInterval(check, 30 * 60 * 1000);
}

if ('serviceWorker' in navigator) {
  // After the load event: the first visit downloads the app first, then the worker's copy.
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
