import { BlockList, isIP } from 'node:net';

export type WebhookMode = 'live' | 'test';

export interface WebhookUrlPolicy {
  mode: WebhookMode;
  /** Set by configuration for local development and tests only. */
  allowPrivate: boolean;
}

export type WebhookUrlRejection =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'credentials_in_url'
  | 'https_required'
  | 'forbidden_address';

export type WebhookUrlCheck = { ok: true } | { ok: false; reason: WebhookUrlRejection };

/**
 * IPv4 networks that are never a partner's: private, shared, reserved, and those that no one routes
 * on the internet (so that, where they answer at all, they answer from someone's own network).
 */
const FORBIDDEN_IPV4 = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, where cloud metadata services live
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1), like the two below: unrouted, so only ever local
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking, used inside some private networks
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, including the broadcast address
] as const;

/** An IPv4 address as the two 16-bit groups it takes inside an IPv6 address. */
function ipv6Groups(ipv4: string): string {
  const [a = 0, b = 0, c = 0, d = 0] = ipv4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

const forbidden = new BlockList();
for (const [network, prefix] of FORBIDDEN_IPV4) {
  forbidden.addSubnet(network, prefix, 'ipv4');
  // Translators deliver these to the IPv4 address inside: the same networks, reached another way.
  forbidden.addSubnet(`64:ff9b::${ipv6Groups(network)}`, 96 + prefix, 'ipv6'); // NAT64 (RFC 6052)
  forbidden.addSubnet(`2002:${ipv6Groups(network)}::`, 16 + prefix, 'ipv6'); // 6to4 (RFC 3056)
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback, and the deprecated IPv4-compatible ::a.b.c.d
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT)
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): always someone's own translator
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local: deprecated, still routed inside some networks
  ['ff00::', 8], // multicast
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv6');
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/**
 * Whether delivering to this address could reach our own network rather than a partner's.
 * BlockList matches IPv4-mapped IPv6 (::ffff:10.0.0.1, ::ffff:7f00:1) against the IPv4 rules.
 */
export function isForbiddenAddress(ip: string): boolean {
  const version = isIP(ip);
  // Anything that is not an address cannot be vouched for.
  if (version === 0) return true;
  return forbidden.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Checks a partner's webhook URL when it is registered. Names are resolved only at connect time
 * (webhook-sender), so that a name re-pointed later at a private address is still refused.
 */
export function checkWebhookUrl(url: string, { mode, allowPrivate }: WebhookUrlPolicy): WebhookUrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'invalid_url' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, reason: 'unsupported_scheme' };
  }
  // Credentials in the URL would end up in logs and on the console.
  if (parsed.username !== '' || parsed.password !== '') return { ok: false, reason: 'credentials_in_url' };

  const host = hostOf(parsed);
  const loopback = isLoopbackHost(host);
  if (!allowPrivate && (loopback || (isIP(host) !== 0 && isForbiddenAddress(host)))) {
    return { ok: false, reason: 'forbidden_address' };
  }
  // Live data travels over TLS only; plain http is for a developer's own machine.
  if (mode === 'live' && parsed.protocol === 'http:' && !(allowPrivate && loopback)) {
    return { ok: false, reason: 'https_required' };
  }
  return { ok: true };
}

/** The URL's host without the brackets of an IPv6 literal (URL has already normalised it). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function isLoopbackHost(host: string): boolean {
  const version = isIP(host);
  if (version !== 0) return loopback.check(host, version === 4 ? 'ipv4' : 'ipv6');
  // RFC 6761: localhost and its subdomains always name the local machine (a trailing dot too).
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  return name === 'localhost' || name.endsWith('.localhost');
}
