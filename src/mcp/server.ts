import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfig, sourcesFromConfig } from '../config/index.js';
import type { Vault } from '../vault/index.js';
import { BrowserConnection, DEFAULT_CDP_ENDPOINT } from './page-target.js';
import { registerTools } from './tools.js';

export interface TwoFactorMcpOptions {
  /** The agent's browser (default: `PW2FA_CDP_ENDPOINT`, else `http://127.0.0.1:9222`). */
  cdpEndpoint?: string;
  /** Offer `two_factor_wait_code`, which returns codes to the model (default false). */
  allowCodes?: boolean;
  /** `pw2fa.config.json` with the channels (default: `PW2FA_CONFIG`, else the working directory's). */
  configPath?: string;
  /** The vault (default: `Vault.open()` from PW2FA_VAULT / PW2FA_VAULT_KEY, opened on first use). */
  vault?: () => Promise<Vault>;
  /**
   * Hand each TOTP window of an account to one login across processes and machines (default true); false
   * only for sites that accept a code twice.
   */
  coordination?: boolean;
  /** The version the server reports to clients. */
  version?: string;
}

/** A running MCP server and the one call that stops it and everything it started. */
export interface TwoFactorMcp {
  readonly server: McpServer;
  close(): Promise<void>;
}

/**
 * The MCP server behind `pw2fa mcp`, not yet connected to a transport: gives any agent that drives a
 * browser over CDP the engine's detection, vault, inboxes, typing and verification as tools.
 *
 * @example
 * const { server, close } = await createTwoFactorMcp({ cdpEndpoint: 'http://127.0.0.1:9222' });
 * await server.connect(new StdioServerTransport());
 */
export async function createTwoFactorMcp(options: TwoFactorMcpOptions = {}): Promise<TwoFactorMcp> {
  const configured = await sourcesFromConfig(await loadConfig(options.configPath));
  const browser = new BrowserConnection(
    options.cdpEndpoint ?? process.env.PW2FA_CDP_ENDPOINT ?? DEFAULT_CDP_ENDPOINT,
  );
  let vault: Promise<Vault> | undefined;
  const server = new McpServer(
    { name: 'playwright-2fa', version: options.version ?? '0.0.0' },
    {
      instructions:
        'Use two_factor_handle when a login shows a two-factor prompt; it never returns the code.',
    },
  );
  registerTools(server, {
    browser,
    vault: () => {
      vault ??= options.vault
        ? options.vault()
        : import('../vault/index.js').then(({ Vault }) => Vault.open());
      return vault;
    },
    sources: configured.sources,
    allowCodes: options.allowCodes ?? false,
    coordination: options.coordination ?? true,
  });
  return {
    server,
    close: async () => {
      await server.close().catch(() => undefined);
      await browser.close();
      await configured.close();
    },
  };
}

/**
 * Serves the tools over stdio until the client closes the pipe, then stops everything it started.
 *
 * @example
 * await serveTwoFactorMcp({ allowCodes: false });
 */
export async function serveTwoFactorMcp(options: TwoFactorMcpOptions = {}): Promise<void> {
  const mcp = await createTwoFactorMcp(options);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await mcp.server.connect(transport);
  await closed;
  await mcp.close();
}
