import { isSingleScriptOrCjkMix, scriptsOf } from './unicode-scripts.js';

/**
 * The username policy: RFC 8265's UsernameCaseMapped profile (PRECIS), approximated with what
 * every JavaScript engine has.
 *
 * - Normalised with NFKC, which also does RFC 8265's width mapping (a full-width `Ａ` is `A`);
 *   the name is stored in that form, as typed otherwise (case kept for display).
 * - Compared by its key: NFKC, then `toLowerCase()`. RFC 8265 asks for Unicode case folding;
 *   lower-casing the NFKC form differs from it only for a handful of letters (`ß` stays `ß`,
 *   the final sigma `ς` stays `ς`), and it is the key every existing account was stored
 *   under, so changing it would lock those accounts out.
 * - The length limit applies to the key, after normalisation: 64 × U+FDFA is typed as 64
 *   characters but is 1,152 once normalised, and is refused.
 * - Letters, digits, combining marks (not first) and `. _ @ +  -`: no spaces, symbols, controls
 *   or invisible characters. Emoji are refused: RFC 8265's IdentifierClass disallows symbols,
 *   they change look across platforms and their sequences (ZWJ, skin tones) make look-alikes.
 * - One script per name, or Latin with Han, Kana, Bopomofo or Hangul as CJK names mix them
 *   (UTS #39 "Highly Restrictive"): a Latin name with a Cyrillic `а` in it is refused.
 *   Whole-script look-alikes (`аре` all in Cyrillic) are not caught by this rule.
 */
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 64;
/** What may be sent before normalisation: a bound on the work, above any name that passes. */
export const USERNAME_INPUT_MAX = 256;

/** The enforced form (RFC 8265's "prepare" and "enforce" without the case mapping): what is stored and shown. */
export function normalizeUsername(username: string): string {
  return username.trim().normalize('NFKC');
}

/** What makes two usernames the same account. Stored with a binary collation, so the database never folds anything else. */
export function usernameKey(username: string): string {
  return normalizeUsername(username).toLowerCase();
}

const ALLOWED = /^[\p{L}\p{N}._@+-][\p{L}\p{Mn}\p{Mc}\p{N}._@+-]*$/u;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;

/** Why a (normalised) username breaks the policy, or undefined when it does not. */
export function usernameProblem(normalized: string): string | undefined {
  const length = [...normalized.toLowerCase()].length;
  if (length < USERNAME_MIN || length > USERNAME_MAX)
    return `must be ${USERNAME_MIN}–${USERNAME_MAX} characters once normalised (NFKC, lower case); this one is ${length}`;
  if (EMOJI.test(normalized)) return 'emoji are not allowed in usernames';
  if (!ALLOWED.test(normalized))
    return 'use letters, digits and . _ @ + - only (no spaces, symbols or invisible characters)';
  const scripts = scriptsOf(normalized);
  if (!isSingleScriptOrCjkMix(scripts))
    return `mixes the scripts ${[...scripts].join(' and ')}, as look-alike names do: write it in one script`;
  return undefined;
}
