// Browser helpers the .NET code calls: session storage, file download with a bearer token, evidence upload with
// progress (XMLHttpRequest reports upload progress; fetch does not), and the drop zone that fills the file input.
window.revalidation = {
  sessionGet: (key) => sessionStorage.getItem(key),
  sessionSet: (key, value) => value === null ? sessionStorage.removeItem(key) : sessionStorage.setItem(key, value),

  download: async (url, token, fallbackName) => {
    const response = await fetch(url, { headers: token ? { Authorization: 'Bearer ' + token } : {} });
    if (!response.ok) {
      return { status: response.status, body: await response.text() };
    }
    const disposition = response.headers.get('content-disposition') || '';
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
    const name = match ? decodeURIComponent(match[1]) : fallbackName;
    const blob = await response.blob();
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    return { status: response.status, body: name };
  },

  upload: (input, url, token, fields, dotnet) => new Promise((resolve) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      if (value !== null && value !== undefined && value !== '') form.append(name, value);
    }
    if (input && input.files && input.files.length > 0) form.append('file', input.files[0], input.files[0].name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    if (token) xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) dotnet.invokeMethodAsync('OnUploadProgress', Math.round(100 * e.loaded / e.total)); };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
    xhr.onerror = () => resolve({ status: 0, body: '' });
    xhr.send(form);
  }),

  fileName: (input) => input && input.files && input.files.length > 0 ? input.files[0].name : null,
  fileSize: (input) => input && input.files && input.files.length > 0 ? input.files[0].size : null,
  clearFile: (input) => { if (input) input.value = ''; },

  initDropZone: (zone, input, dotnet) => {
    const on = (name, handler) => zone.addEventListener(name, (e) => { e.preventDefault(); e.stopPropagation(); handler(e); });
    on('dragenter', () => zone.classList.add('app-dropzone--active'));
    on('dragover', () => zone.classList.add('app-dropzone--active'));
    on('dragleave', () => zone.classList.remove('app-dropzone--active'));
    on('drop', (e) => {
      zone.classList.remove('app-dropzone--active');
      if (e.dataTransfer && e.dataTransfer.files.length > 0) {
        input.files = e.dataTransfer.files;
        dotnet.invokeMethodAsync('OnFileChosen', input.files[0].name);
      }
    });
  },

  focus: (element) => { if (element) element.focus(); },
  focusSelector: (selector) => { const el = document.querySelector(selector); if (el) el.focus(); },
  // A choice on the page (the appraiser's year) kept in the address without a navigation, which would move focus to the h1.
  replaceAddress: (url) => history.replaceState(history.state, '', url),

  // Replaced by js/nhsuk-header.js once that module has loaded; until then it starts every header it finds on load.
  initHeader: () => {},
};
