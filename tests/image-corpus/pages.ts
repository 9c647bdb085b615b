import QRCode from 'qrcode';
import { groupKey } from './secrets.js';

/** What a set-up page shows: the QR text(s) and the printed key. */
export interface SetupPage {
  /** otpauth URI (or other text) per QR code, in page order. */
  qr: string[];
  /** The secret printed under "Can't scan?", or null to print none. */
  key: string | null;
  style: 'github' | 'google' | 'microsoft';
  dark?: boolean;
  /** CSS size of the QR image in px. */
  qrSize?: number;
  /** Key formatting. */
  keyCase?: 'upper' | 'lower';
  keyFont?: string;
  /** Print "Account:" and "Issuer:" lines next to the key. */
  labels?: { issuer: string; account: string };
}

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** The page as HTML, QR codes inlined as data URLs (nothing is fetched). */
export async function setupPageHtml(page: SetupPage): Promise<string> {
  const size = page.qrSize ?? 180;
  const dark = page.dark === true;
  const images = await Promise.all(
    page.qr.map((text) =>
      QRCode.toDataURL(text, {
        margin: 2,
        scale: 6,
        errorCorrectionLevel: 'M',
        color: dark ? { dark: '#e6edf3ff', light: '#0d1117ff' } : { dark: '#000000ff', light: '#ffffffff' },
      }),
    ),
  );
  const qrs = images
    .map(
      (src, i) =>
        `<img alt="QR code ${i + 1}" src="${src}" style="width:${size}px;height:${size}px;margin:8px">`,
    )
    .join('');
  const keyText = page.key ? groupKey(page.key) : '';
  const key = page.keyCase === 'lower' ? keyText.toLowerCase() : keyText;
  const keyFont = page.keyFont ?? 'ui-monospace, "DejaVu Sans Mono", monospace';
  const labels = page.labels
    ? `<p>Account: ${html(page.labels.account)}</p><p>Issuer: ${html(page.labels.issuer)}</p>`
    : '';
  const keyBlock = page.key
    ? `${labels}<code class="key" style="font-family:${keyFont}">${html(key)}</code>`
    : '';
  const colors = dark ? 'background:#0d1117;color:#e6edf3' : 'background:#ffffff;color:#1f2328';
  const font = 'font-family:-apple-system,"Segoe UI","Liberation Sans","DejaVu Sans",sans-serif';
  const body =
    page.style === 'github'
      ? `<h1>Enable two-factor authentication (2FA)</h1><h3>Scan the QR code</h3>
         <p>Use an authenticator app or browser extension to scan. Learn more about enabling 2FA.</p>
         <div class="qr">${qrs}</div>
         <p>Unable to scan? You can use the <a href="#">setup key</a> to manually configure your authenticator app.</p>
         ${keyBlock}
         <h3>Verify the code from the app</h3><input placeholder="XXXXXX" autocomplete="one-time-code">`
      : page.style === 'google'
        ? `<h2>Set up authenticator app</h2><ul><li>In the Google Authenticator app, tap the +</li>
           <li>Choose <b>Scan a QR code</b></li></ul><div class="qr">${qrs}</div>
           <p><a href="#">Can't scan it?</a></p><p>Enter your email address and this key (spaces don't matter):</p>
           ${keyBlock}<p><button>Cancel</button> <button>Next</button></p>`
        : `<h2>Scan the QR code</h2><p>Use the Microsoft Authenticator app to scan the QR code. This will connect
           the Microsoft Authenticator app with your account.</p><div class="qr">${qrs}</div>
           <p>After you scan the QR code, choose "Next". Can't scan image?</p>
           <p>Enter the following into your app:</p><p>Code: ${keyBlock}</p><p><button>Back</button> <button>Next</button></p>`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body{${colors};${font};margin:32px;max-width:900px;font-size:15px;line-height:1.5}
    .key{font-size:16px;letter-spacing:.5px} a{color:${dark ? '#4493f8' : '#0969da'}}
  </style></head><body>${body}</body></html>`;
}
