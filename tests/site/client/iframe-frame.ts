/** Inside the cross-origin frame: once the code is verified, tell the parent page (and only that origin). */
const { parentOrigin, tx } = document.body.dataset;
if (parentOrigin && tx && window.parent !== window) {
  window.parent.postMessage({ type: 'demo-guard:approved', tx }, parentOrigin);
}
