import { type KeyboardEvent, type PointerEvent, useEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { SignedImage } from './SignedImage';

const MIN_SCALE = 1;
const MAX_SCALE = 8;
const STEP = 1.25;
const PAN_STEP = 60;

interface View {
  scale: number;
  x: number;
  y: number;
}

const FIT: View = { scale: 1, x: 0, y: 0 };

/** Zooms keeping the point `(px, py)` of the pane under the same spot. */
function zoomAt(view: View, factor: number, px: number, py: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  if (scale === MIN_SCALE) return FIT;
  const ratio = scale / view.scale;
  return { scale, x: px - ratio * (px - view.x), y: py - ratio * (py - view.y) };
}

interface ZoomPaneProps {
  src: string;
  alt: string;
  caption: string;
  onExpired: () => Promise<void>;
}

/** A photo at full pane size: wheel or buttons zoom, drag or arrow keys pan (when zoomed), 0 fits. */
export function ZoomPane({ src, alt, caption, onExpired }: ZoomPaneProps) {
  const t = useT();
  const frame = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>(FIT);
  const drag = useRef<{ id: number; x: number; y: number } | null>(null);

  // React's wheel listener is passive; this one must stop the page from scrolling.
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = element.getBoundingClientRect();
      const factor = event.deltaY < 0 ? STEP : 1 / STEP;
      setView((current) => zoomAt(current, factor, event.clientX - box.left, event.clientY - box.top));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const zoomCentre = (factor: number) => {
    const box = frame.current?.getBoundingClientRect();
    setView((current) => zoomAt(current, factor, (box?.width ?? 0) / 2, (box?.height ?? 0) / 2));
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (view.scale === 1 || event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start || start.id !== event.pointerId) return;
    const dx = event.clientX - start.x;
    const dy = event.clientY - start.y;
    drag.current = { id: start.id, x: event.clientX, y: event.clientY };
    setView((current) => ({ ...current, x: current.x + dx, y: current.y + dy }));
  };
  const endDrag = () => {
    drag.current = null;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const pan: Record<string, [number, number]> = {
      ArrowLeft: [PAN_STEP, 0],
      ArrowRight: [-PAN_STEP, 0],
      ArrowUp: [0, PAN_STEP],
      ArrowDown: [0, -PAN_STEP],
    };
    if (event.key === '+' || event.key === '=') zoomCentre(STEP);
    else if (event.key === '-') zoomCentre(1 / STEP);
    else if (event.key === '0') setView(FIT);
    else if (pan[event.key] && view.scale > 1) {
      // Zoomed in, the arrows pan; at fit size they stay the page's previous/next photo keys.
      const [dx, dy] = pan[event.key] as [number, number];
      setView((current) => ({ ...current, x: current.x + dx, y: current.y + dy }));
    } else return;
    event.preventDefault();
    event.stopPropagation();
    event.nativeEvent.stopImmediatePropagation();
  };

  return (
    <figure className="zoom-pane">
      {/* biome-ignore lint/a11y/useSemanticElements: a zoom surface, not a group of form fields (fieldset). */}
      <div
        ref={frame}
        className={view.scale > 1 ? 'zoom-frame zoomed' : 'zoom-frame'}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the frame takes zoom and pan keys, so it must be focusable.
        tabIndex={0}
        role="group"
        aria-label={t('zoom.frame', { caption })}
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onDoubleClick={() => setView(FIT)}
      >
        <SignedImage
          src={src}
          alt={alt}
          onExpired={onExpired}
          style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
        />
      </div>
      <figcaption>
        <span>{caption}</span>
        <span className="zoom-tools">
          <button
            type="button"
            onClick={() => zoomCentre(1 / STEP)}
            aria-label={t('zoom.out')}
            disabled={view.scale <= 1}
          >
            −
          </button>
          <output aria-label={t('zoom.level')}>{Math.round(view.scale * 100)}%</output>
          <button
            type="button"
            onClick={() => zoomCentre(STEP)}
            aria-label={t('zoom.in')}
            disabled={view.scale >= MAX_SCALE}
          >
            +
          </button>
          <button type="button" onClick={() => setView(FIT)} disabled={view.scale === 1}>
            {t('zoom.fit')}
          </button>
        </span>
      </figcaption>
    </figure>
  );
}
