// Preloaded with `node --require` (which, unlike --import, also runs in worker threads, where
// tesseract.js does its loading): every way Node can reach the network throws and is reported on
// stderr, so a test can assert that nothing was even attempted.
const { isMainThread } = require('node:worker_threads');

const report = (what) => {
  process.stderr.write(`PW2FA-NETWORK-ATTEMPT ${what}\n`);
  throw new Error(`network access attempted: ${what}`);
};
process.stderr.write(`PW2FA-OFFLINE ${isMainThread ? 'main' : 'worker'}\n`);

globalThis.fetch = async (input) => report(`fetch ${String(input?.url ?? input)}`);
for (const name of ['http', 'https']) {
  const mod = require(`node:${name}`);
  mod.request = (...args) => report(`${name}.request ${JSON.stringify(args[0])}`);
  mod.get = (...args) => report(`${name}.get ${JSON.stringify(args[0])}`);
}
const net = require('node:net');
// Unix sockets and pipes are local (tsx talks to its parent over one); only TCP counts as network.
const isLocal = (target) => {
  const t = Array.isArray(target) ? target[0] : target; // Socket#connect gets normalised [options, cb]
  return (
    (typeof t === 'string' && Number.isNaN(Number(t))) || (typeof t === 'object' && t !== null && !!t.path)
  );
};
const { connect, createConnection } = net;
const { connect: socketConnect } = net.Socket.prototype;
net.connect = (...args) =>
  isLocal(args[0]) ? connect(...args) : report(`net.connect ${JSON.stringify(args[0])}`);
net.createConnection = (...args) =>
  isLocal(args[0]) ? createConnection(...args) : report(`net.createConnection ${JSON.stringify(args[0])}`);
net.Socket.prototype.connect = function connectChecked(...args) {
  return isLocal(args[0])
    ? socketConnect.apply(this, args)
    : report(`socket.connect ${JSON.stringify(args[0])}`);
};
const dns = require('node:dns');
dns.lookup = (host) => report(`dns.lookup ${host}`);
