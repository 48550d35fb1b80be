/**
 * Who the reader is on the network, as `X-Forwarded-For` to send on to the server, whose
 * per-address rate limits trust it from the portal (`PARLEY_TRUSTED_PROXIES`). `next start`
 * fills the header from the connection when the request came without one; behind a reverse
 * proxy it is that proxy's chain, which the server reads right to left.
 */
export function readerAddress(headers: Headers): string | undefined {
  return headers.get('x-forwarded-for')?.trim() || undefined;
}
