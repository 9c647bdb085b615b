import { groupsAreRegular } from './base32-candidate.js';
import { align } from './vote.js';

/**
 * Key lengths sites hand out: 10, 16, 20, 32, 40 and 64 bytes in base32. A reading one short of one of
 * these whose last group is short by one (`… ja3t yim`, 31 characters) has most likely lost a character.
 */
const COMMON_LENGTHS = new Set([16, 26, 32, 52, 64, 103]);

/**
 * Puts back characters the LSTM dropped from a grouped key (`xqa` for `lxqa`: it reads random groups as
 * words), taking them from the shape reading of the same glyphs where that has one more character in
 * that place. Only a group left short is filled: a middle group under the groups' size, or the last
 * group when that brings the key to a length sites use. Everything else stays as the vote read it, so
 * the shape reading's own slips (two letters merged, a group gap missed) change nothing.
 *
 * @example
 * fillShortGroups('wbrv lcxc xqa 6fjc', 'wbm lcxc lxqa 66jc') // 'wbrv lcxc lxqa 6fjc'
 */
export function fillShortGroups(text: string, shapeText: string): string {
  const groups = text.trim().split(/ +/);
  if (groups.length < 2) return text;
  const size = Math.max(...groups.map((g) => g.length));
  const chars = [...groups.join('')];
  const owner = groups.flatMap((g, k) => [...g].map(() => k));
  const length = chars.length;
  const canFill = (k: number, added: number) => {
    const group = groups[k] ?? '';
    if (group.length >= size) return false;
    if (k < groups.length - 1) return true;
    return !COMMON_LENGTHS.has(length + added - 1) && COMMON_LENGTHS.has(length + added);
  };
  let added = 0;
  // align() lists its operations last first: inserting from the end keeps earlier offsets valid.
  for (const [after, op] of align(chars, [...shapeText.replace(/ /g, '')])) {
    if (!op.inserted || !op.value) continue;
    // Between two groups the character may end one or start the next: the short one takes it.
    const here = owner[after] ?? 0;
    const next = owner[after + 1];
    const lastOfGroup = after < 0 || next !== here;
    const k = after >= 0 && canFill(here, added + 1) ? here : next;
    if (k === undefined || !canFill(k, added + 1) || (k !== here && !lastOfGroup)) continue;
    const at = k === here ? after - owner.indexOf(k) + 1 : 0;
    const group = groups[k] ?? '';
    groups[k] = group.slice(0, at) + op.value + group.slice(at);
    added++;
  }
  const result = groups.join(' ');
  return added > 0 && added <= 2 && groupsAreRegular(result) ? result : text;
}
