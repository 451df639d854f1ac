import { useEffect, useRef } from 'react';

/** True when a key press belongs to a field (typing), a dialog, or carries a modifier. */
export function isTypingContext(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  const active = document.activeElement as HTMLElement | null;
  for (const element of [target, active]) {
    if (!element) continue;
    if (element.isContentEditable) return true;
    const tag = element.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return true;
    if (element.closest('dialog[open]')) return true;
  }
  return document.querySelector('dialog[open]') !== null;
}

/**
 * Single-key shortcuts (KeyboardEvent.key in lower case: 'a', 'arrowleft'), active only while no input,
 * select, textarea or dialog has focus. An action answering `false` leaves the key to the browser.
 */
export function useHotkeys(
  bindings: Record<string, (event: KeyboardEvent) => unknown>,
  enabled = true,
): void {
  const current = useRef(bindings);
  current.current = bindings;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTypingContext(event)) return;
      const action = current.current[event.key.toLowerCase()];
      if (!action || action(event) === false) return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
