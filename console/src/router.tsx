import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/** A minimal history router: the pathname and search are the state; popstate and navigate() change them. */

export const BASE = '/console';
const CHANGE = 'cpi:navigate';

function subscribe(onChange: () => void) {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = () => window.location.pathname + window.location.search;

export interface Location {
  /** The path below /console, always starting with '/'. */
  path: string;
  search: URLSearchParams;
  /** The full path and search, as `next` keeps it. */
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) || '/' : url.pathname;
  return { path, search: url.searchParams, href };
}

/** `to` is a console path ('/contracts/1') or a full one ('/console/...'). */
export function consoleHref(to: string): string {
  return to.startsWith(`${BASE}/`) || to === BASE ? to : `${BASE}${to}`;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const href = consoleHref(to);
  if (href === snapshot() && !options.replace) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(CHANGE));
}

/** Rewrites the query of the current page without a history entry (filters, page offset). */
export function replaceSearch(params: Record<string, string | number | null | undefined>): void {
  const url = new URL(window.location.href);
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') url.searchParams.delete(name);
    else url.searchParams.set(name, String(value));
  }
  window.history.replaceState(window.history.state, '', url.pathname + url.search);
  window.dispatchEvent(new Event(CHANGE));
}

/** Matches '/contracts/:id' against a path; the params, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] as string;
    const value = have[i] as string;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return null;
  }
  return params;
}

/** Only our own pages may be a sign-in's `next`: never another origin. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith(`${BASE}/`) || next.startsWith('//') || next.includes('\\')) return `${BASE}/`;
  if (next.startsWith(`${BASE}/login`)) return `${BASE}/`;
  return next;
}

export function loginHref(next: string): string {
  return `${BASE}/login?next=${encodeURIComponent(next)}`;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, ...rest }: LinkProps) {
  const href = consoleHref(to);
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
