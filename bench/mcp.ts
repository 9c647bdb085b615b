// The MCP server (issue 18): start-up to the first answered request and idle memory against a bare SDK server
// over stdio, and two_factor_handle from the tool call to "accepted" against the in-process handle() on
// the same kind of page. Uses the built package (npm run build) and a Chromium reached over CDP.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { chromium, type Page } from 'playwright-core';
import { TwoFactor, Vault } from '../dist/src/index.js';
import { DEMO_ACCOUNTS } from '../tests/site/accounts.js';
import { startDemoSite } from '../tests/site/server.js';
import { startCdpChrome } from '../tests/support/cdp-chrome.js';
import { metric, percentile, writeBenchResult } from './lib/report.js';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'index.js');
const RUNS = 8;
const BARE_SERVER = `
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
const server = new McpServer({ name: 'bare', version: '1.0.0' });
server.registerTool('noop', { description: 'nothing' }, async () => ({ content: [] }));
await server.connect(new StdioServerTransport());`;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

async function startAndMeasure(args: string[], env: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args,
    env,
    cwd: ROOT,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const started = performance.now();
  await client.connect(transport);
  await client.listTools();
  const ms = performance.now() - started;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rss = transport.pid ? rssMb(transport.pid) : Number.NaN;
  return { client, ms, rss };
}

const dir = mkdtempSync(join(tmpdir(), 'pw2fa-bench-mcp-'));
const key = randomBytes(32).toString('base64');
const vaultPath = join(dir, 'vault.json');
const vault = await Vault.open({ path: vaultPath, key });
await vault.add('totp', DEMO_ACCOUNTS.totp.otpauth);
// Inside the repo so its imports resolve from our node_modules; results/ is not committed.
const bare = join(ROOT, 'bench', 'results', 'bare-mcp-server.mjs');
mkdirSync(dirname(bare), { recursive: true });
writeFileSync(bare, BARE_SERVER);
const config = join(dir, 'pw2fa.config.json');
writeFileSync(config, '{}');
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? dir,
  PW2FA_VAULT: vaultPath,
  PW2FA_VAULT_KEY: key,
};

const starts: number[] = [];
const bareStarts: number[] = [];
const rss: number[] = [];
const bareRss: number[] = [];
for (let i = 0; i < 5; i++) {
  const ours = await startAndMeasure([CLI, 'mcp', '--config', config], env);
  starts.push(ours.ms);
  rss.push(ours.rss);
  await ours.client.close();
  const base = await startAndMeasure(['--input-type=module', '-e', BARE_SERVER], {
    ...env,
    NODE_PATH: join(ROOT, 'node_modules'),
  });
  bareStarts.push(base.ms);
  bareRss.push(base.rss);
  await base.client.close();
}

const site = await startDemoSite({ port: 0 });
const chrome = await startCdpChrome();
const agent = await chromium.connectOverCDP(chrome.endpoint);
const context = agent.contexts()[0] ?? (await agent.newContext());
const { client } = await startAndMeasure(
  [CLI, 'mcp', '--no-coordination', '--cdp-endpoint', chrome.endpoint, '--config', config],
  env,
);

async function atPrompt(tag: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${site.url}/login/totp`);
  await page.locator('#username').fill(DEMO_ACCOUNTS.totp.username.replace('@', `+${tag}@`));
  await page.locator('#password').fill(DEMO_ACCOUNTS.totp.password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL('**/2fa/totp');
  return page;
}

const viaMcp: number[] = [];
const inProcess: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const direct = await atPrompt(`bench-direct-${i}`);
  let started = performance.now();
  await new TwoFactor(direct, { vault, account: 'totp', coordinator: false }).handle();
  inProcess.push(performance.now() - started);
  await direct.close();

  const viaTool = await atPrompt(`bench-mcp-${i}`);
  started = performance.now();
  const result = await client.callTool({
    name: 'two_factor_handle',
    arguments: { account: 'totp', pageUrl: viaTool.url() },
  });
  if (result.isError) throw new Error(`two_factor_handle failed: ${JSON.stringify(result.content)}`);
  viaMcp.push(performance.now() - started);
  await viaTool.close();
}
await client.close();
await agent.close();
await chrome.close();
await site.close();
rmSync(dir, { recursive: true, force: true });
rmSync(bare, { force: true });

writeBenchResult('mcp', {
  'start-to-first-answer p50': metric(percentile(starts, 50), percentile(bareStarts, 50), 'ms'),
  'idle RSS': metric(percentile(rss, 50), percentile(bareRss, 50), 'MB'),
  'two_factor_handle vs in-process p50': metric(percentile(viaMcp, 50), percentile(inProcess, 50), 'ms'),
  'two_factor_handle vs in-process p95': metric(percentile(viaMcp, 95), percentile(inProcess, 95), 'ms'),
});
