import type { Command } from 'commander';
import { TwoFactorError } from '../errors.js';
import {
  generateRelayKey,
  RedisRelayStore,
  RelayClient,
  relayClientOptions,
  startRelayFromCli,
} from '../relay/index.js';
import { readSecretArgument } from './input.js';
import { printJson } from './output.js';
import { readSecretFlag } from './secret-input.js';

interface RelayFlags {
  host?: string;
  port?: string;
  apiKey?: string;
  apiKeyFile?: string;
  twilioAuthToken?: string;
  twilioAuthTokenFile?: string;
  twilioIdentifier?: string;
  publicUrl?: string;
  codeTtl?: string;
  redis?: string | false;
  headersTimeout?: string;
  requestTimeout?: string;
  keepAliveTimeout?: string;
  maxConnectionsPerAddress?: string;
  maxConnections?: string;
  generateKey?: boolean;
}

interface PushFlags {
  url?: string;
  apiKey?: string;
  apiKeyFile?: string;
  runId?: string;
  source?: string;
  json?: boolean;
}

/**
 * `--api-key` or `--api-key-file` (else undefined: the relay reads $PW2FA_RELAY_KEY). A server warns at
 * once (it never exits with success); a one-shot command when it succeeds.
 */
function apiKeyFlag(
  flags: { apiKey?: string; apiKeyFile?: string },
  now = false,
): Promise<string | undefined> {
  return readSecretFlag({
    name: 'api-key',
    value: flags.apiKey,
    file: flags.apiKeyFile,
    envName: 'PW2FA_RELAY_KEY',
    ...(now ? { warn: (line: string) => console.error(line) } : {}),
  });
}

/** Registers `relay` (serve the push API) and `push` (send a code or a whole message to a relay). */
export function registerRelayCommands(program: Command): void {
  program
    .command('relay')
    .description('serve the push relay: phones, mail rules and people POST codes; waiting tests receive them')
    .option('--host <address>', 'address to listen on (default 127.0.0.1; $PW2FA_RELAY_HOST)')
    .option('--port <n>', 'port (default 8787; $PW2FA_RELAY_PORT)')
    .option('--api-key <key>', 'key clients must send as x-api-key or Bearer ($PW2FA_RELAY_KEY)')
    .option('--api-key-file <path>', 'read the API key from a file (- reads stdin)')
    .option(
      '--twilio-auth-token <token>',
      'enable the Twilio SMS webhook at /v1/twilio/sms ($TWILIO_AUTH_TOKEN)',
    )
    .option('--twilio-auth-token-file <path>', 'read the Twilio auth token from a file (- reads stdin)')
    .option('--twilio-identifier <id>', 'identifier for SMS from Twilio (default: the To number)')
    .option(
      '--public-url <url>',
      'the URL Twilio signs, when the relay sits behind a proxy ($PW2FA_RELAY_PUBLIC_URL)',
    )
    .option('--code-ttl <seconds>', 'how long a pushed code stays usable (default 600)')
    .option(
      '--redis <url>',
      'keep codes in Redis, shared by every relay using it ($PW2FA_REDIS_URL or $REDIS_URL)',
    )
    .option('--no-redis', 'keep codes in this process even when REDIS_URL is set')
    .option('--headers-timeout <seconds>', 'cut clients that take longer to send headers (default 10)')
    .option('--request-timeout <seconds>', 'cut clients that take longer to send a request (default 20)')
    .option('--keep-alive-timeout <seconds>', 'close idle keep-alive connections after (default 5)')
    .option('--max-connections-per-address <n>', 'most connections from one address (default 256)')
    .option('--max-connections <n>', 'most connections in total (default 1024)')
    .option('--generate-key', 'print a fresh random API key and exit (store it as PW2FA_RELAY_KEY)')
    .action(async (flags: RelayFlags) => {
      if (flags.generateKey) {
        console.log(generateRelayKey());
        return;
      }
      const apiKey = await apiKeyFlag(flags, true);
      const twilioAuthToken = await readSecretFlag({
        name: 'twilio-auth-token',
        value: flags.twilioAuthToken,
        file: flags.twilioAuthTokenFile,
        envName: 'TWILIO_AUTH_TOKEN',
        warn: (line) => console.error(line),
      });
      const secrets = { ...(apiKey ? { apiKey } : {}), ...(twilioAuthToken ? { twilioAuthToken } : {}) };
      const relay = await startRelayFromCli({ ...flags, ...secrets }, process.env, {
        onError: (error) =>
          console.error(`pw2fa relay: ${error instanceof Error ? error.message : String(error)}`),
        onRedisStatus: (_status, message) => console.error(`pw2fa relay: ${message}`),
      });
      const { store } = relay;
      // `store.url` is the Redis URL without its password.
      const where = store instanceof RedisRelayStore ? `codes in Redis at ${store.url}` : 'codes in memory';
      console.log(
        `pw2fa relay listening on ${relay.url} (${where}; open it in a browser to push a code by hand)`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void relay.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program
    .command('push <identifier> [content...]')
    .description(
      'push a code, or a whole SMS or e-mail (read from stdin when no content is given), to a relay',
    )
    .option('--url <url>', 'relay URL (default http://127.0.0.1:8787; $PW2FA_RELAY_URL)')
    .option('--api-key <key>', 'relay API key ($PW2FA_RELAY_KEY)')
    .option('--api-key-file <path>', 'read the relay API key from a file (- reads stdin)')
    .option('--run-id <id>', 'deliver only to the run with this id')
    .option('--source <label>', 'who is pushing, for the history (default cli)')
    .option('--json', 'print the relay’s answer as JSON')
    .action(async (identifier: string, words: string[], flags: PushFlags) => {
      if (!words.length && process.stdin.isTTY) {
        throw new TwoFactorError(
          'PW2FA_BAD_OPTION',
          'Nothing to push: give the code after the identifier, or pipe the message in.',
        );
      }
      const content = words.length ? words.join(' ') : await readSecretArgument('-', 'content');
      if (!content.trim())
        throw new TwoFactorError(
          'PW2FA_BAD_OPTION',
          'Nothing to push: give the code or pipe the message in.',
        );
      const apiKey = await apiKeyFlag(flags);
      const client = new RelayClient(relayClientOptions({ ...flags, ...(apiKey ? { apiKey } : {}) }));
      const pushed = await client.push({
        identifier,
        content,
        source: flags.source ?? 'cli',
        ...(flags.runId ? { runId: flags.runId } : {}),
      });
      // The pusher knows the code; the answer is printed without it so it never lands in a CI log.
      if (flags.json)
        printJson({ ...pushed, ...(pushed.code ? { code: '•'.repeat(pushed.code.length) } : {}) });
      else
        console.log(
          `Pushed a ${pushed.code ? `${pushed.code.length}-character code` : 'link'} for ${identifier}.`,
        );
    });
}
