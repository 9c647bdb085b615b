/**
 * `pw2fa mcp` as an agent uses it: the built CLI spawned by the SDK's own MCP client over stdio, and a real
 * Chromium reached over CDP on a loopback port. The "agent" drives the page through its own CDP
 * connection up to the 2FA prompt, then hands over to `two_factor_handle`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type Browser, chromium, expect, type Page, test } from '@playwright/test';
import { Vault } from '../../../src/vault/vault.js';
import { DEMO_ACCOUNTS, type VariantName } from '../../site/accounts.js';
import { startDemoSite } from '../../site/server.js';
import { type CdpChrome, startCdpChrome } from '../../support/cdp-chrome.js';
import { taggedUser } from '../../support/demo.js';
import { freePort } from '../../support/ports.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'index.js');
const PLAYWRIGHT_MCP = join(ROOT, 'node_modules', '@playwright', 'mcp', 'cli.js');

test.describe.configure({ mode: 'serial' });

let dir: string;
let chrome: CdpChrome;
let agent: Browser;
let site: Awaited<ReturnType<typeof startDemoSite>>;
let env: Record<string, string>;
let configPath: string;
const secrets: string[] = [];

async function mcpClient(args: string[] = [], extraEnv: Record<string, string> = {}): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', ...args],
    env: { ...env, ...extraEnv },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'pw2fa-test-agent', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

function text(result: unknown): string {
  return ((result as CallToolResult).content ?? []).map((part) => ('text' in part ? part.text : '')).join('');
}

async function agentPage(): Promise<Page> {
  const context = agent.contexts()[0] ?? (await agent.newContext());
  return context.newPage();
}

async function signIn(page: Page, variant: VariantName, tag: string): Promise<string> {
  const user = taggedUser(variant, tag);
  await page.goto(`${site.url}/login/${variant}`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(DEMO_ACCOUNTS[variant].password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return user;
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw2fa-mcp-'));
  const key = randomBytes(32).toString('base64');
  secrets.push(key);
  const vaultPath = join(dir, 'vault.json');
  const vault = await Vault.open({ path: vaultPath, key });
  // One account per test that logs in: a second login into one account would wait for the next TOTP window.
  for (const variant of ['totp', 'iframe', 'sha256'] as const) {
    const uri = DEMO_ACCOUNTS[variant].otpauth;
    await vault.add(variant, uri);
    secrets.push(new URL(uri).searchParams.get('secret') ?? '');
  }
  const smtpPort = await freePort();
  configPath = join(dir, 'pw2fa.config.json');
  writeFileSync(configPath, JSON.stringify({ sources: { smtp: { host: '127.0.0.1', port: smtpPort } } }));
  env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    PW2FA_VAULT: vaultPath,
    PW2FA_VAULT_KEY: key,
    PW2FA_CONFIG: configPath,
    TMPDIR: tmpdir(),
  };
  site = await startDemoSite({ port: 0, smtp: { host: '127.0.0.1', port: smtpPort } });
  chrome = await startCdpChrome();
  env.PW2FA_CDP_ENDPOINT = chrome.endpoint;
  agent = await chromium.connectOverCDP(chrome.endpoint);
});

test.afterAll(async () => {
  await agent?.close();
  await chrome?.close();
  await site?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('two_factor_handle gets an agent past a TOTP prompt and never returns the code', async () => {
  const client = await mcpClient();
  try {
    const page = await agentPage();
    const user = await signIn(page, 'totp', 'mcp1');
    const result = await client.callTool({
      name: 'two_factor_handle',
      arguments: { account: 'totp', pageUrl: `${site.url}/2fa/totp` },
    });
    expect(result.isError ?? false).toBe(false);
    expect(result.structuredContent).toEqual({
      kind: 'totp',
      channel: 'vault:totp',
      verified: true,
      attempts: 1,
    });
    await expect(page.getByTestId('signed-in')).toHaveText(`Signed in as ${user}`);
    const said = text(result);
    expect(said).not.toMatch(/\d{6}/);
    for (const secret of secrets) expect(said).not.toContain(secret);
    await page.close();
  } finally {
    await client.close();
  }
});

test('a code e-mailed to the configured inbox, and a prompt inside an iframe', async () => {
  const client = await mcpClient();
  try {
    const mail = await agentPage();
    const user = await signIn(mail, 'email', 'mcp2');
    const emailed = await client.callTool(
      { name: 'two_factor_handle', arguments: { identifier: user, pageUrl: `${site.url}/2fa/email` } },
      undefined,
      { timeout: 60_000 },
    );
    expect(emailed.structuredContent).toMatchObject({ kind: 'email', verified: true });
    await expect(mail.getByTestId('signed-in')).toBeVisible();
    await mail.close();

    const framed = await agentPage();
    await signIn(framed, 'iframe', 'mcp3');
    // No pageUrl: the page that has focus (the one the agent just used) is the one acted on.
    await framed.bringToFront();
    const inFrame = await client.callTool({ name: 'two_factor_handle', arguments: { account: 'iframe' } });
    expect(inFrame.structuredContent).toMatchObject({ kind: 'totp', verified: true });
    await expect(framed.getByTestId('signed-in')).toBeVisible();
    await framed.close();
  } finally {
    await client.close();
  }
});

test('two_factor_detect and two_factor_accounts describe without values or secrets', async () => {
  const client = await mcpClient();
  try {
    const page = await agentPage();
    await signIn(page, 'totp', 'mcp4');
    await page.locator('input').first().fill('123456'); // a value the agent typed must not be echoed
    const detected = await client.callTool({
      name: 'two_factor_detect',
      arguments: { pageUrl: `${site.url}/2fa/totp` },
    });
    expect(detected.structuredContent).toMatchObject({ found: true, kind: 'totp', codeLength: 6 });
    expect(text(detected)).not.toContain('123456');
    const accounts = await client.callTool({ name: 'two_factor_accounts', arguments: {} });
    const labels = (accounts.structuredContent as { accounts: { label: string }[] }).accounts.map(
      (a) => a.label,
    );
    expect(labels.sort()).toEqual(['iframe', 'sha256', 'totp']);
    for (const secret of secrets) expect(text(accounts)).not.toContain(secret);
    await page.close();
  } finally {
    await client.close();
  }
});

test('two_factor_wait_code exists only with --allow-codes, and MCP cancellation ends its wait', async () => {
  const plain = await mcpClient();
  const tools = (await plain.listTools()).tools.map((tool) => tool.name);
  expect(tools.sort()).toEqual([
    'two_factor_accounts',
    'two_factor_detect',
    'two_factor_enroll',
    'two_factor_handle',
  ]);
  await plain.close();

  const client = await mcpClient(['--allow-codes']);
  try {
    const cancel = new AbortController();
    const progress: string[] = [];
    const started = Date.now();
    const waiting = client.callTool(
      { name: 'two_factor_wait_code', arguments: { identifier: 'nobody@example.test', timeout: 120_000 } },
      undefined,
      { signal: cancel.signal, onprogress: (p) => progress.push(p.message ?? ''), timeout: 130_000 },
    );
    setTimeout(() => cancel.abort('the agent moved on'), 1500);
    await expect(waiting).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(progress.join('\n')).toContain('waiting for a code for nobody@example.test');
    // The server is still there and serves the next call.
    const accounts = await client.callTool({ name: 'two_factor_accounts', arguments: {} });
    expect(accounts.isError ?? false).toBe(false);
  } finally {
    await client.close();
  }
});

test('bad calls get one clear error each and leave the server serving', async () => {
  const client = await mcpClient();
  try {
    const extra = await client.callTool({
      name: 'two_factor_handle',
      arguments: { account: 'totp', pasword: 'x' },
    });
    expect(extra.isError).toBe(true);
    expect(text(extra)).toMatch(/pasword|unrecognized/i);
    const wrongType = await client.callTool({ name: 'two_factor_handle', arguments: { timeout: 'soon' } });
    expect(wrongType.isError).toBe(true);
    expect(text(wrongType)).toMatch(/timeout/);

    const one = await agentPage();
    const two = await agentPage();
    await one.goto(`${site.url}/login/totp`);
    await two.goto(`${site.url}/login/split`);
    const twoMatch = await client.callTool({
      name: 'two_factor_detect',
      arguments: { pageUrl: `${site.url}/login` },
    });
    expect(text(twoMatch)).toMatch(/^PW2FA_NO_PAGE: 2 open pages start with/);
    const none = await client.callTool({
      name: 'two_factor_detect',
      arguments: { pageUrl: 'http://nowhere.test/' },
    });
    expect(text(none)).toMatch(/^PW2FA_NO_PAGE: No open page starts with http:\/\/nowhere\.test\//);

    await signIn(one, 'totp', 'mcp5');
    const unknown = await client.callTool({
      name: 'two_factor_handle',
      arguments: { account: 'no-such-account', pageUrl: `${site.url}/2fa/totp` },
    });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/^PW2FA_UNKNOWN_ACCOUNT/);
    await one.close();
    await two.close();

    const detect = await client.callTool({ name: 'two_factor_accounts', arguments: {} });
    expect(detect.isError ?? false).toBe(false);
  } finally {
    await client.close();
  }
});

test('no browser at the endpoint is PW2FA_NO_BROWSER, not a hang', async () => {
  const port = await freePort();
  const client = await mcpClient(['--cdp-endpoint', `http://127.0.0.1:${port}`]);
  try {
    const result = await client.callTool({ name: 'two_factor_detect', arguments: {} });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/^PW2FA_NO_BROWSER: No browser answered at http:\/\/127\.0\.0\.1:\d+/);
  } finally {
    await client.close();
  }
});

test('with Playwright MCP on the same Chrome: its tools reach the prompt, two_factor_handle finishes the login', async () => {
  // The agent's own browser tools: Microsoft's Playwright MCP server, attached to the same Chrome.
  const playwrightMcp = new Client({ name: 'pw2fa-test-agent', version: '1.0.0' });
  await playwrightMcp.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [PLAYWRIGHT_MCP, '--cdp-endpoint', chrome.endpoint, '--output-dir', join(dir, 'playwright-mcp')],
      env,
      stderr: 'pipe',
    }),
  );
  const client = await mcpClient();
  try {
    const user = taggedUser('sha256', 'mcp6');
    await playwrightMcp.callTool({
      name: 'browser_navigate',
      arguments: { url: `${site.url}/login/sha256` },
    });
    const typed = await playwrightMcp.callTool({
      name: 'browser_evaluate',
      arguments: {
        function: `() => {
          document.querySelector('#username').value = ${JSON.stringify(user)};
          document.querySelector('#password').value = ${JSON.stringify(DEMO_ACCOUNTS.sha256.password)};
          document.querySelector('form button[type=submit]').click();
          return 'submitted';
        }`,
      },
    });
    expect(text(typed)).toContain('submitted');
    await expect
      .poll(async () => (await agentPages()).some((page) => page.url().startsWith(`${site.url}/2fa/sha256`)))
      .toBe(true);
    const result = await client.callTool({
      name: 'two_factor_handle',
      arguments: { account: 'sha256', pageUrl: `${site.url}/2fa/sha256` },
    });
    expect(result.structuredContent).toMatchObject({ kind: 'totp', verified: true });
    const after = await playwrightMcp.callTool({ name: 'browser_snapshot', arguments: {} });
    expect(text(after)).toContain(`Page URL: ${site.url}/home`);
    expect(text(after)).toMatch(/Signed in as\s+- strong \[ref=\w+\]: sha256\+mcp6@example\.test/);
  } finally {
    await client.close();
    await playwrightMcp.close();
  }
});

async function agentPages(): Promise<Page[]> {
  return agent.contexts().flatMap((context) => context.pages());
}

test('a client that disconnects mid-wait leaves nothing running', async () => {
  const smtpConfig = join(dir, 'smtp-only.json');
  writeFileSync(smtpConfig, JSON.stringify({ sources: { smtp: { port: 0 } } }));
  const child = spawn(process.execPath, [CLI, 'mcp', '--allow-codes', '--config', smtpConfig], {
    env,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
  send({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'gone', version: '1' } },
  });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({
    jsonrpc: '2.0',
    id: 2,
    method: 'tools/call',
    params: {
      name: 'two_factor_wait_code',
      arguments: { identifier: 'gone@example.test', timeout: 600_000 },
    },
  });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  child.stdin.end(); // the host went away without a word
  const code = await Promise.race([
    exited,
    new Promise((resolve) => setTimeout(() => resolve('running'), 15_000)),
  ]);
  if (code === 'running') child.kill('SIGKILL');
  expect(code).toBe(0);
});
