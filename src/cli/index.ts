#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { registerInspectCommand } from './inspect-command.js';
import { reportFailure } from './output.js';
import { registerRelayCommands } from './relay-commands.js';
import { registerScanCommand } from './scan-commands.js';
import { registerVaultCommands } from './vault-commands.js';

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

registerVaultCommands(program);
registerRelayCommands(program);
registerScanCommand(program);
registerInspectCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Commander already printed usage errors, help and version; only the exit code is left to set.
  if (error instanceof CommanderError) process.exit(error.exitCode);
  reportFailure(error);
}
