import { twilioSignature, validTwilioSignature } from '../../../src/relay/twilio.js';
import { expect, test } from './helpers.js';

const TOKEN = 'twilio-auth-token-for-tests';
const SMS = {
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: '+15550109999',
  To: '+15550102030',
  Body: 'Your Example verification code is 246810. Do not share it.',
  NumMedia: '0',
};

function twilioRequest(url: string, fields: Record<string, string>, signature?: string) {
  const params = new URLSearchParams(fields);
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(signature === undefined ? {} : { 'x-twilio-signature': signature }),
    },
    body: params.toString(),
  });
}

test.describe('Twilio signatures', () => {
  test("matches the example in Twilio's documentation", () => {
    // https://www.twilio.com/docs/usage/security — the published request and its X-Twilio-Signature.
    const params = new URLSearchParams({
      CallSid: 'CA1234567890ABCDE',
      Caller: '+14158675310',
      Digits: '1234',
      From: '+14158675310',
      To: '+18005551212',
    });
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    expect(twilioSignature('12345', url, params)).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
    expect(
      validTwilioSignature({ authToken: '12345', signature: 'GvWf1cFY/Q7PnoempGyD5oXAezc=', url, params }),
    ).toBe(true);
    // Proxies add or strip the default port; Twilio's libraries accept both.
    const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
    expect(
      validTwilioSignature({
        authToken: '12345',
        signature: 'GvWf1cFY/Q7PnoempGyD5oXAezc=',
        url: withPort,
        params,
      }),
    ).toBe(true);
    expect(
      validTwilioSignature({ authToken: '1234', signature: 'GvWf1cFY/Q7PnoempGyD5oXAezc=', url, params }),
    ).toBe(false);
    expect(validTwilioSignature({ authToken: '12345', signature: null, url, params })).toBe(false);
  });
});

test.describe('Twilio SMS webhook', () => {
  const url = 'http://relay.local/v1/twilio/sms';

  test('stores the code of a correctly signed SMS under the To number and answers empty TwiML', async ({
    make,
  }) => {
    const relay = make({ twilioAuthToken: TOKEN });
    const signature = twilioSignature(TOKEN, url, new URLSearchParams(SMS));
    const res = await relay.handle(twilioRequest(url, SMS, signature));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await res.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const [stored] = await relay.store.history({ limit: 5 });
    expect(stored).toMatchObject({ identifier: '+15550102030', code: '246810', source: 'twilio' });
    // A run waiting on the number as people write it gets the code.
    expect(await relay.store.take({ identifier: '+1 (555) 010-2030', since: 0 })).toMatchObject({
      code: '246810',
    });
  });

  test('refuses a missing, forged or replayed-elsewhere signature with 403 and stores nothing', async ({
    make,
  }) => {
    const relay = make({ twilioAuthToken: TOKEN });
    const good = twilioSignature(TOKEN, url, new URLSearchParams(SMS));
    const attempts = [
      twilioRequest(url, SMS),
      twilioRequest(url, SMS, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='),
      twilioRequest(url, SMS, twilioSignature('another-token', url, new URLSearchParams(SMS))),
      twilioRequest(url, { ...SMS, Body: 'Your code is 999999' }, good),
      twilioRequest('http://relay.local/v1/twilio/sms?x=1', SMS, good),
    ];
    for (const request of attempts) {
      const res = await relay.handle(request);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        error: {
          code: 'bad_signature',
          message:
            'X-Twilio-Signature is missing or does not match. Check the Twilio auth token, and that the public URL the relay was given is the webhook URL set in Twilio.',
        },
      });
    }
    expect(await relay.store.history({ limit: 5 })).toEqual([]);
  });

  test('checks the signature against the public URL when the relay sits behind a tunnel', async ({
    make,
  }) => {
    const relay = make({
      twilioAuthToken: TOKEN,
      publicUrl: 'https://abc.tunnel.example/',
      twilioIdentifier: 'ops-phone',
    });
    const signature = twilioSignature(
      TOKEN,
      'https://abc.tunnel.example/v1/twilio/sms',
      new URLSearchParams(SMS),
    );
    expect((await relay.handle(twilioRequest(url, SMS, signature))).status).toBe(200);
    expect((await relay.store.history({ limit: 1 }))[0]).toMatchObject({ identifier: 'ops-phone' });
    const local = twilioSignature(TOKEN, url, new URLSearchParams(SMS));
    expect((await relay.handle(twilioRequest(url, SMS, local))).status).toBe(403);
  });

  test('acknowledges an SMS without a code and stores nothing', async ({ make }) => {
    const relay = make({ twilioAuthToken: TOKEN });
    const fields = { ...SMS, Body: 'STOP' };
    const res = await relay.handle(
      twilioRequest(url, fields, twilioSignature(TOKEN, url, new URLSearchParams(fields))),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-pw2fa-ignored')).toBe('no-code');
    expect(await relay.store.history({ limit: 5 })).toEqual([]);
  });

  test('is off (404) without an auth token, and wants a form body', async ({ make, relay }) => {
    const off = await relay.handle(twilioRequest(url, SMS, 'x'));
    expect(off.status).toBe(404);
    expect((await off.json()).error.code).toBe('twilio_disabled');
    const on = make({ twilioAuthToken: TOKEN });
    const json = await on.handle(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(SMS),
      }),
    );
    expect(json.status).toBe(415);
  });
});
