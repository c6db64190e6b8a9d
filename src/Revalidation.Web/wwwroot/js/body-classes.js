// Marks the page as script-enabled for the NHS design system, as soon as <body> exists. A file, not an inline script,
// so the Content-Security-Policy needs no 'unsafe-inline' (README "Security").
document.body.className += ' js-enabled nhsuk-frontend-supported';
