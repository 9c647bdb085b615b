#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerMcpCommand } from './mcp-command.js';
import { reportFailure } from './output.js';

// Self-reference through the package's own exports map: works from dist/ and from source.
const { version } = createRequire(import.meta.url)('playwright-2fa/package.json') as { version: string };

const program = new Command('pw2fa')
  .description(
    'Two-factor codes for automated logins: an encrypted TOTP/HOTP vault, QR enrollment and a code relay.',
  )
  .version(version)
  .option('--vault <path>', 'vault file (default: $PW2FA_VAULT or .pw2fa/vault.json)')
  .option('--key-file <path>', 'file holding the vault key when $PW2FA_VAULT_KEY is not set')
  .showHelpAfterError('(run pw2fa --help for usage)')
  .exitOverride();

/** The command word, past the global flags (`pw2fa --vault v.json mcp`). */
function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--vault' || arg === '--key-file') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

// An MCP host starts `pw2fa mcp` for every session: it loads none of the other commands' modules.
if (commandWord(process.argv.slice(2)) !== 'mcp') {
  const [vault, relay, scan, inspect] = await Promise.all([
    import('./vault-commands.js'),
    import('./relay-commands.js'),
    import('./scan-commands.js'),
    import('./inspect-command.js'),
  ]);
  vault.registerVaultCommands(program);
  relay.registerRelayCommands(program);
  scan.registerScanCommand(program);
  inspect.registerInspectCommand(program);
}
registerMcpCommand(program, version);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Commander already printed usage errors, help and version; only the exit code is left to set.
  if (error instanceof CommanderError) process.exit(error.exitCode);
  reportFailure(error);
}
