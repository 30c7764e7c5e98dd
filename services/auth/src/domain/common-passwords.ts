import { PASSWORD_MIN, usernameKey } from '@podlab/contracts';
import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * NIST SP 800-63B (§3.1.1.2 in revision 4): a new password is checked against passwords known
 * from breach corpuses and refused if listed. The list is zxcvbn-ts's `passwords-common` (the
 * ~49,000 most frequent passwords of leaked sets, ranked; maintained with zxcvbn-ts, MIT), of
 * which only those the length policy would otherwise let through are kept: about 18,000.
 * Compared ignoring case, as guessers try every capitalisation.
 */
const COMMON = new Set(
  dictionary['passwords-common']
    .filter((password) => password.length >= PASSWORD_MIN)
    .map((password) => password.toLowerCase()),
);

/** Why a new password is refused beyond its length (the contract checks that), or undefined. */
export function passwordProblem(password: string, username: string): string | undefined {
  if (COMMON.has(password.toLowerCase()))
    return 'is one of the most common passwords; choose another';
  // NIST's "context-specific words": the account's own name is the first guess.
  if (usernameKey(password) === usernameKey(username)) return 'must not be the username';
  return undefined;
}
