// Where the sign-in page sends the user afterwards: the page they wanted, if it is on this site.

/**
 * `next` when it is a path on this origin ("/runs/12?x=1"), else "/inbox". Refuses absolute and
 * protocol-relative URLs ("//evil", "/\\evil", which browsers read as "//evil") and the sign-in
 * page itself, so a crafted link cannot send a user elsewhere after they sign in.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/inbox';
  if (next.startsWith('/signin')) return '/inbox';
  return next;
}
