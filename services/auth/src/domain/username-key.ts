/**
 * What makes two usernames the same account: compatibility-normalised (a full-width `Ａ` is an
 * `A`) and lower-cased. Stored beside the name as typed, under a binary collation, so
 * uniqueness is exactly this rule and never a database collation's (which may equate `é` and `e`).
 */
export function usernameKey(username: string): string {
  return username.trim().normalize('NFKC').toLowerCase();
}
