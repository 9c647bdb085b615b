/**
 * otpauth URIs as real projects publish them (documentation and generator output), for building test
 * images. Each names its source; the upper-case spellings are ours, made from those URIs, because
 * hand-made QR codes and some generators write `SECRET=`/`Issuer=` (issue #15).
 */
export interface RealUri {
  uri: string;
  source: string;
}

/**
 * Split decided up front, by source project: the URIs in {@link REAL_URIS} were used while writing the
 * transparent/palette/16-bit fixes; {@link HELD_OUT_URIS} (another project) only ever ran in the test.
 */
export const REAL_URIS: readonly RealUri[] = [
  {
    uri: 'otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example',
    source:
      'katydtf1234/fluffy-doodle KeyUriFormat.md (mirror of the Google Authenticator wiki Key-Uri-Format)',
  },
  {
    uri: 'otpauth://totp/Secure%20App:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Secure%20App',
    source: 'oscarmorenosancho/generateGoogleAuthQR temp/GoogleAut.py (pyotp provisioning_uri output)',
  },
  {
    uri: 'otpauth://hotp/Secure%20App:alice%40google.com?secret=JBSWY3DPEHPK3PXP&issuer=Secure%20App&counter=0',
    source: 'oscarmorenosancho/generateGoogleAuthQR temp/GoogleAut.py (pyotp HOTP provisioning_uri output)',
  },
  {
    uri: 'otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
    source: 'klee0kai/thekey tkcore/otpauth/readme.md',
  },
];

export const HELD_OUT_URIS: readonly RealUri[] = [
  {
    uri: 'otpauth://totp/ACME%20Co:john@example.com?secret=NYO2G5NPHL556J2HSF4AWOGFOZA3SRDR&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
    source: 'gkeep/Authenticator notes.md ("Schema")',
  },
];

/** The same URI with the type and every parameter name upper-cased, and the algorithm value lower-cased. */
export function upperCased(uri: string): string {
  const [head, query = ''] = uri.split('?');
  const [, type = '', label = ''] = /^otpauth:\/\/([^/]+)\/(.*)$/.exec(head ?? '') ?? [];
  const params = query
    .split('&')
    .map((p) => {
      const [name = '', value = ''] = p.split('=');
      return `${name.toUpperCase()}=${name === 'algorithm' ? value.toLowerCase() : value}`;
    })
    .join('&');
  return `otpauth://${type.toUpperCase()}/${label}?${params}`;
}
