import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import type { WebhookTargets } from '@parley/schema/context';

/**
 * Addresses a webhook must not reach unless the server allows private targets: loopback,
 * private networks, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * unspecified, multicast and reserved ranges, in IPv4 and IPv6 (IPv4-mapped too).
 */
const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

/** True for an address a webhook may not be delivered to by default. */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return isInternalAddress(mapped);
  const family = isIP(address);
  if (family === 0) return true;
  return internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why a URL cannot be a webhook target by its shape alone, or null. */
function shapeProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (!url.hostname) return 'must name a host';
  return null;
}

/** The host of a URL without IPv6 brackets. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks webhook URLs when they are registered (shape, then every address the name resolves
 * to), and again at every delivery through `lookup` (a name may resolve elsewhere later).
 */
export function createWebhookTargets(allowPrivate: boolean): WebhookTargets & {
  /** A `lookup` for http.request that refuses internal addresses, so DNS rebinding gains nothing. */
  lookup: typeof dnsLookup;
  /** Refuses a literal internal IP in the URL (http.request does not call `lookup` for those). */
  refuseLiteral(url: URL): string | null;
} {
  const refuseLiteral = (url: URL): string | null => {
    const host = hostOf(url);
    if (allowPrivate || isIP(host) === 0) return null;
    return isInternalAddress(host) ? `must not point to a private or loopback address (${host})` : null;
  };
  return {
    refuseLiteral,
    async check(raw) {
      const shape = shapeProblem(raw);
      if (shape) return shape;
      const url = new URL(raw);
      const literal = refuseLiteral(url);
      if (literal) return literal;
      if (allowPrivate || isIP(hostOf(url)) !== 0) return null;
      const addresses = await new Promise<LookupAddress[] | null>((resolve) =>
        dnsLookup(hostOf(url), { all: true }, (error, found) => resolve(error ? null : found)),
      );
      if (!addresses || addresses.length === 0) return `must name a host that resolves (${url.hostname})`;
      const bad = addresses.find((entry) => isInternalAddress(entry.address));
      return bad
        ? `must not point to a private or loopback address (${url.hostname} is ${bad.address})`
        : null;
    },
    lookup: ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error);
        const list = addresses as LookupAddress[];
        if (!allowPrivate) {
          const bad = list.find((entry) => isInternalAddress(entry.address));
          if (bad)
            return callback(new Error(`refused: ${hostname} resolves to a private address (${bad.address})`));
        }
        if ((options as { all?: boolean }).all) return callback(null, list);
        const first = list[0];
        if (!first) return callback(new Error(`${hostname} did not resolve`));
        callback(null, first.address, first.family);
      });
    }) as typeof dnsLookup,
  };
}
