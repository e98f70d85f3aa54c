import { isIPv6 } from 'node:net';

/**
 * The address a client is counted under: the request's address as Express gives it (the TCP
 * peer, or the client named by trusted proxies, TRUST_PROXY), with IPv4-mapped IPv6 written as
 * IPv4, and IPv6 cut to its /64 network: one host usually holds a whole /64, so counting single
 * IPv6 addresses would give it 2^64 separate budgets.
 */
export function clientAddress(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!isIPv6(ip)) return ip;
  return `${expandIPv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros. */
function expandIPv6(ip: string): string[] {
  const [address] = ip.split('%');
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map((group) =>
    (parseInt(group, 16) || 0).toString(16),
  );
}
