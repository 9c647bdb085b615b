/**
 * The `input-otp` React component (one real, transparent input under six rendered slots), mounted into the
 * server's `[data-react-prompt]` element; the input carries `name="code"`, so the form posts as usual.
 */
import { OTPInput, REGEXP_ONLY_DIGITS, type SlotProps } from 'input-otp';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

function Slot({ char, isActive, hasFakeCaret }: SlotProps) {
  return (
    <div className={isActive ? 'otp-slot active' : 'otp-slot'}>
      {char}
      {hasFakeCaret ? <div className="otp-caret" /> : null}
    </div>
  );
}

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
      <label htmlFor="otp-code">{label}</label>
      <OTPInput
        id="otp-code"
        name="code"
        maxLength={digits}
        value={value}
        onChange={setValue}
        pattern={REGEXP_ONLY_DIGITS}
        autoFocus
        containerClassName="otp-slots"
        render={({ slots }) => (
          <>
            {slots.map((slot, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: slots are positional and never reorder.
              <Slot key={index} {...slot} />
            ))}
          </>
        )}
      />
      <button type="submit" className="button">
        {verify}
      </button>
    </form>
  );
}

const mount = document.querySelector<HTMLElement>('[data-react-prompt]');
if (mount) {
  const { action = '', label = 'Authentication code', verify = 'Verify', digits = '6' } = mount.dataset;
  createRoot(mount).render(<Prompt action={action} label={label} verify={verify} digits={Number(digits)} />);
}
