import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { type TurnWait, VaultSource } from '../../../src/channels/vault-source.js';
import { LocalCoordinator } from '../../../src/coordination/local-coordinator.js';
import { takeTotpTurn } from '../../../src/coordination/totp-turn.js';
import { TwoFactorAbortError } from '../../../src/errors.js';
import { Vault } from '../../../src/vault/vault.js';

test('a wait for a held account is reported and, when aborted, points to twoFactorSession', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pw2fa-turn-'));
  try {
    const vault = await Vault.open({ path: join(dir, 'vault.json'), key: 'turn-wait-test-key' });
    await vault.add('acme', 'otpauth://totp/Acme:ada?secret=JBSWY3DPEHPK3PXP&issuer=Acme');
    // Another login holds the account's turn for the whole test: a real lock-file coordinator.
    const coordinator = new LocalCoordinator({ dir: join(dir, 'coordination') });
    const held = await takeTotpTurn({ coordinator, account: await vault.get('acme'), minRemainingMs: 0 });
    const waits: TurnWait[] = [];
    const source = new VaultSource({
      vault,
      label: 'acme',
      coordinator: async () => coordinator,
      onTurnWait: (wait) => waits.push(wait),
    });
    const error = await source
      .waitForCode({ kind: 'totp', since: Date.now(), signal: AbortSignal.timeout(900) })
      .catch((e: unknown) => e)
      .finally(() => held.release());
    expect(error).toBeInstanceOf(TwoFactorAbortError);
    expect((error as Error).message).toMatch(
      /^Waiting for a free TOTP window for acme was aborted after \d+ s\. Logins into one account take turns, one per window; when many tests each log in, log in once and share the signed-in state with the `twoFactorSession` fixture option\.$/,
    );
    expect(waits.map((w) => [w.state, w.reason])).toEqual([
      ['start', 'turn'],
      ['end', 'turn'],
    ]);
    expect(waits[0]?.waitedMs).toBeGreaterThanOrEqual(250);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
