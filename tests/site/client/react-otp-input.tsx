/**
 * The `react-otp-input` React component (one box per digit, its own focus and paste handling), mounted into
 * the server's `[data-react-prompt]` element; a hidden `code` field carries the value to the form post.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import OtpInputModule from 'react-otp-input';

// Its typings are CommonJS-shaped (a default inside the default under NodeNext); esbuild resolves the ESM
// build, whose default export is the component itself.
const OtpInput = (
  'default' in OtpInputModule ? OtpInputModule.default : OtpInputModule
) as typeof OtpInputModule.default;

function Prompt({
  action,
  label,
  verify,
  digits,
}: {
  action: string;
  label: string;
  verify: string;
  digits: number;
}) {
  const [value, setValue] = useState('');
  return (
    <form method="post" action={action} className="stack">
      <fieldset className="digits">
        <legend>{label}</legend>
        <OtpInput
          value={value}
          onChange={setValue}
          numInputs={digits}
          inputType="tel"
          shouldAutoFocus
          containerStyle="otp-row"
          inputStyle="digit"
          skipDefaultStyles
          renderSeparator={(index) =>
            index === Math.floor(digits / 2) - 1 ? <span className="separator">–</span> : null
          }
          renderInput={(props, index) => <input {...props} aria-label={`Digit ${index + 1} of ${digits}`} />}
        />
      </fieldset>
      <input type="hidden" name="code" value={value} />
      <button type="submit" className="button">
        {verify}
      </button>
    </form>
  );
}

const mount = document.querySelector<HTMLElement>('[data-react-prompt]');
if (mount) {
  const { action = '', label = 'Verification code', verify = 'Verify', digits = '6' } = mount.dataset;
  createRoot(mount).render(<Prompt action={action} label={label} verify={verify} digits={Number(digits)} />);
}
