import { BlockList, isIP } from 'node:net';

/**
 * The address a request came from, for per-address limits: the connection's own address,
 * unless that is a trusted proxy (the portal's `/api/graphql` pass-through, a load balancer),
 * in which case the nearest address in `X-Forwarded-For` that is not itself a trusted proxy.
 */
export type ClientAddressOf = (socketAddress: string | undefined, forwardedFor: string | null) => string;

/** What `PARLEY_TRUSTED_PROXIES` holds when unset: the portal runs beside the server. */
export const DEFAULT_TRUSTED_PROXIES: readonly string[] = ['loopback'];

/** True for `loopback`, an IPv4 or IPv6 address, or a CIDR range (`10.0.0.0/8`, `fd00::/8`). */
export function isTrustedProxyEntry(entry: string): boolean {
  if (entry === 'loopback') return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Trusts `X-Forwarded-For` only on connections from `trustedProxies`, read right to left (each
 * proxy appends the address it saw), so a client cannot pick its own address by sending the
 * header itself: the first hop from the right that is not a trusted proxy is the client. A hop
 * that is not an IP address stops the walk at the last address a trusted proxy vouched for.
 */
export function createClientAddressOf(trustedProxies: readonly string[]): ClientAddressOf {
  const trusted = new BlockList();
  for (const entry of trustedProxies) {
    if (entry === 'loopback') {
      trusted.addSubnet('127.0.0.0', 8, 'ipv4');
      trusted.addAddress('::1', 'ipv6');
      continue;
    }
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) trusted.addAddress(address, family);
    else trusted.addSubnet(address, Number(prefix), family);
  }
  const isTrusted = (address: string) => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (socketAddress, forwardedFor) => {
    let client = normalise(socketAddress ?? '') || 'unknown';
    if (!forwardedFor || !isTrusted(client)) return client;
    const hops = forwardedFor.split(',');
    for (let index = hops.length - 1; index >= 0; index--) {
      const hop = normalise(hops[index] ?? '');
      if (isIP(hop) === 0) break;
      client = hop;
      if (!isTrusted(hop)) break;
    }
    return client;
  };
}

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is `10.0.0.1`; `[::1]` is `::1`. */
function normalise(address: string): string {
  const trimmed = address.trim().replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}
