// The NHS design system's header behaviour (on a narrow screen the menu items that do not fit collapse into "More"),
// from the design system's own script. Blazor renders the header after this module loads and again after each sign-in
// (the header is keyed by who is signed in), so MainLayout calls revalidation.initHeader(element) after it renders;
// whichever comes second, the module or the call, starts it. An element is started once.
import { Header } from '../nhsuk/nhsuk-frontend.min.js';

const start = (element) => {
  if (element && element.isConnected && !element.hasAttribute('data-nhsuk-header-init')) {
    try {
      new Header(element);
    } catch (error) {
      // Without the script the header still works: the items wrap instead of collapsing.
      console.warn('The NHS header script could not start.', error && error.name);
    }
  }
};

window.revalidation = window.revalidation || {};
window.revalidation.initHeader = start;
document.querySelectorAll('[data-module="nhsuk-header"]').forEach(start);
