/** Escapes text for HTML attributes and content. */
const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/**
 * The emulated identity provider's sign-in page: a form that a browser (or a test reading the
 * `action`) submits to `/_emulator/idp/approve` with the identity to assert, plus a deny link.
 *
 * @example
 * return c.html(idpPage(base, state, 'github', 'Sign in with github'));
 */
export function idpPage(
  base: string,
  state: string,
  provider: string,
  defaults: { email: string; sub: string },
): string {
  const approve = `${base}/_emulator/idp/approve`;
  const deny = `${approve}?state=${encodeURIComponent(state)}&error=access_denied`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Emulated ${esc(provider)} sign-in</title></head>
<body>
<h1>Sign in with ${esc(provider)} (emulated)</h1>
<p>This page stands in for the identity provider. Choose the identity it will assert.</p>
<form method="get" action="${esc(approve)}">
  <input type="hidden" name="state" value="${esc(state)}">
  <label>Subject (provider user id) <input name="sub" value="${esc(defaults.sub)}"></label><br>
  <label>Email <input name="email" type="email" value="${esc(defaults.email)}"></label><br>
  <label>Name <input name="name" value=""></label><br>
  <button type="submit">Authorize</button>
</form>
<p><a id="deny" href="${esc(deny)}">Deny access</a></p>
</body></html>`;
}
