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

const forbidden = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, where cloud metadata services live
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking, used inside some private networks
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, including the broadcast address
] as const) {
  forbidden.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128],
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
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
