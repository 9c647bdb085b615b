/**
 * The arrows of shared/DESIGN.md, checked in `npm test` (`npm run arrows`). Rooms are the folders of src/;
 * fixtures/ is the thin Playwright Test edge. Known violations being moved out by the layout redesign are
 * listed in .dependency-cruiser-known-violations.json; any new one fails.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle means two modules are one concept, or one reaches back up the chain.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-fixtures',
      severity: 'error',
      comment: 'The library never depends on the Playwright Test edge.',
      from: { path: '^src/' },
      to: { path: '^fixtures/' },
    },
    {
      name: 'otp-stands-alone',
      severity: 'error',
      comment: 'otp/ is pure RFC 4226/6238 code: it imports nothing of ours but errors.',
      from: { path: '^src/otp/' },
      to: { path: '^src/', pathNot: ['^src/otp/', '^src/errors\\.ts$'] },
    },
    {
      name: 'relay-never-drives-a-browser',
      severity: 'error',
      comment: 'The relay is a server: no browser, no engine, no page detection.',
      from: { path: '^src/relay/' },
      to: { path: ['^src/(playwright|fill|detect|image)/', 'playwright-core', '@playwright/test'] },
    },
    {
      name: 'channels-not-to-relay',
      severity: 'error',
      comment:
        'The relay depends on channels (extraction), never the other way round; the relay client is a channel.',
      from: { path: '^src/channels/' },
      to: { path: '^src/relay/' },
    },
    {
      name: 'rooms-not-up-to-the-engine',
      severity: 'error',
      comment:
        'Data flows page → detect → source → fill → verify; the parts never reach back into the engine or the edges.',
      from: { path: '^src/(otp|vault|image|detect|fill|channels|coordination|relay)/' },
      to: { path: '^src/(playwright|cli|mcp|report)/' },
    },
    {
      name: 'no-reaching-past-a-door',
      severity: 'error',
      comment: 'Another room is entered through its index.ts, so a room can rearrange its insides freely.',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^(src|fixtures)/' },
      to: { path: '^(tests|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // TypeScript 7 has no JavaScript API, so swc parses; type-only imports count as arrows too.
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
