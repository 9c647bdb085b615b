import type { ProbedInput } from '../../../src/detect/probe.js';

/** A probed text field with every attribute empty, for scoring tests to override what they are about. */
export const BLANK_INPUT: ProbedInput = {
  id: 'p1',
  type: 'text',
  name: '',
  idAttr: '',
  className: '',
  autocomplete: '',
  inputMode: '',
  maxLength: -1,
  pattern: '',
  placeholder: '',
  ariaLabel: '',
  label: '',
  dataAttrs: '',
  x: 0,
  y: 0,
  width: 200,
  height: 30,
  disabled: false,
  readOnly: false,
  group: null,
  context: '',
  form: null,
};

/** {@link BLANK_INPUT} with the given attributes. */
export const probedInput = (over: Partial<ProbedInput>): ProbedInput => ({ ...BLANK_INPUT, ...over });
