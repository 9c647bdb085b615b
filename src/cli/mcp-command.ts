import type { Command } from 'commander';

/** `pw2fa mcp`: the MCP server over stdio. Loaded lazily so the other commands start no faster or slower. */
export function registerMcpCommand(program: Command, version: string): void {
  program
    .command('mcp')
    .description('serve 2FA tools to a browser agent over MCP (stdio); codes never reach the model')
    .option(
      '--cdp-endpoint <url>',
      'the agent’s browser (default: $PW2FA_CDP_ENDPOINT or http://127.0.0.1:9222)',
    )
    .option('--config <path>', 'channels config (default: $PW2FA_CONFIG or ./pw2fa.config.json)')
    .option('--allow-codes', 'offer two_factor_wait_code, which returns codes to the agent')
    .option(
      '--no-coordination',
      'do not hand each TOTP window to one login (only for sites that accept a code twice)',
    )
    .action(
      async (opts: {
        cdpEndpoint?: string;
        config?: string;
        allowCodes?: boolean;
        coordination: boolean;
      }) => {
        const { vault, keyFile } = program.opts<{ vault?: string; keyFile?: string }>();
        const { serveTwoFactorMcp } = await import('../mcp/index.js');
        const { Vault } = await import('../vault/index.js');
        await serveTwoFactorMcp({
          version,
          vault: () => Vault.open({ ...(vault ? { path: vault } : {}), ...(keyFile ? { keyFile } : {}) }),
          allowCodes: opts.allowCodes ?? false,
          coordination: opts.coordination,
          ...(opts.cdpEndpoint ? { cdpEndpoint: opts.cdpEndpoint } : {}),
          ...(opts.config ? { configPath: opts.config } : {}),
        });
      },
    );
}
