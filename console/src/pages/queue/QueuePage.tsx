import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Affiliate, QueueList } from '../../api/types';
import { ErrorNotice, Loading } from '../../components/Notice';
import { Pager } from '../../components/Pager';
import { useT } from '../../i18n';
import { useHotkeys } from '../../lib/hotkeys';
import { STATUS } from '../../lib/statuses';
import { kstDateTime } from '../../lib/time';
import { useApi } from '../../lib/use-api';
import { replaceSearch, useLocation } from '../../router';
import { useSession } from '../../session';
import { QueueFilters } from './QueueFilters';
import { QueueTable } from './QueueTable';

export const QUEUE_PAGE_SIZE = 50;
const REFRESH_MS = 15_000;

/** Where the inspector was, kept in memory (never in storage) for the way back from a review. */
const memory = { selected: null as string | null, scrollY: 0 };

function useClockTick(ms: number, since: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return Math.max(0, Math.floor((now - since) / 1000));
}

export function QueuePage() {
  const t = useT();
  const session = useSession();
  const { search } = useLocation();
  const partner = search.get('partner') ?? '';
  const device = search.get('device') ?? '';
  const offset = Math.max(0, Number(search.get('offset')) || 0);
  const [selected, setSelected] = useState<string | null>(memory.selected);
  const [partners, setPartners] = useState<Map<string, string>>(new Map());
  const [loadedAt, setLoadedAt] = useState(Date.now());

  const queue = useApi(
    async (signal) => {
      const page = await api.get<QueueList>('/inspections', {
        query: {
          status: STATUS.inspectionRequested,
          affiliate_id: partner,
          device,
          limit: QUEUE_PAGE_SIZE,
          offset,
        },
        signal,
      });
      setLoadedAt(Date.now());
      return page;
    },
    [partner, device, offset],
  );
  const { reload } = queue;

  // Refresh in place every ~15 s: rows are keyed by contract, so scroll and selection stay put.
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (!document.hidden) void reload();
    }, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  // The partner filter's choices: every partner for admins, else the ones the queue has shown.
  useEffect(() => {
    if (!session.isAdmin) return;
    api
      .get<Affiliate[]>('/affiliates')
      .then((list) => setPartners(new Map(list.map((item) => [item.id, item.name]))))
      .catch(() => {});
  }, [session.isAdmin]);
  const items = queue.data?.items;
  useEffect(() => {
    if (!items?.length) return;
    setPartners((known) => {
      const missing = items.filter((item) => !known.has(item.affiliate.id));
      if (missing.length === 0) return known;
      const next = new Map(known);
      for (const item of missing) next.set(item.affiliate.id, item.affiliate.name);
      return next;
    });
  }, [items]);

  // Back from a review: the same scroll position as when the inspector left.
  const restored = useRef(false);
  useLayoutEffect(() => {
    if (restored.current || !items) return;
    restored.current = true;
    if (memory.scrollY > 0) window.scrollTo(0, memory.scrollY);
  }, [items]);
  useEffect(
    () => () => {
      memory.scrollY = window.scrollY;
    },
    [],
  );

  const select = useCallback((contractId: string) => {
    memory.selected = contractId;
    setSelected(contractId);
  }, []);

  const move = (step: number) => {
    if (!items?.length) return;
    const index = items.findIndex((item) => item.contract_id === selected);
    const nextIndex = index < 0 ? 0 : Math.min(items.length - 1, Math.max(0, index + step));
    const next = items[nextIndex];
    if (!next) return;
    select(next.contract_id);
    document.querySelector<HTMLElement>(`tr[data-contract-id="${next.contract_id}"] a`)?.focus();
  };
  // j/k anywhere; the arrows only inside the list, so they still scroll the page elsewhere.
  const inList = () => document.activeElement?.closest('.queue-table') != null;
  useHotkeys({
    j: () => move(1),
    k: () => move(-1),
    arrowdown: () => (inList() ? move(1) : false),
    arrowup: () => (inList() ? move(-1) : false),
  });

  const setFilters = useCallback((next: { partner?: string; device?: string }) => {
    replaceSearch({ ...next, offset: null });
  }, []);

  const elapsed = useClockTick(15_000, loadedAt);
  const total = queue.data?.total ?? 0;

  return (
    <section className="page" aria-labelledby="queue-title">
      <div className="page-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <p className="muted" aria-live="polite">
          {t('queue.summary', { total: total.toLocaleString('ko-KR'), sla: session.slaHours })}
          {' · '}
          {t('queue.refreshed', { time: kstDateTime(new Date(loadedAt)).slice(11) })}
        </p>
        <button type="button" onClick={() => void reload()}>
          {t('common.refresh')}
        </button>
      </div>
      <QueueFilters
        partners={[...partners]
          .map(([id, name]) => ({ id, name }))
          .sort((a, b) => a.name.localeCompare(b.name))}
        partner={partner}
        device={device}
        onChange={setFilters}
      />
      <p className="hint">{t('queue.keys')}</p>
      <ErrorNotice error={queue.error} />
      {!queue.data && queue.loading && <Loading />}
      {queue.data && queue.data.items.length === 0 && <p className="empty">{t('queue.empty')}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <QueueTable
          items={queue.data.items}
          elapsed={elapsed}
          slaSeconds={session.slaHours * 3600}
          selected={selected}
          onSelect={select}
        />
      )}
      {queue.data && total > QUEUE_PAGE_SIZE && (
        <Pager
          total={total}
          offset={offset}
          limit={QUEUE_PAGE_SIZE}
          label={t('queue.pages')}
          onChange={(next) => {
            replaceSearch({ offset: next || null });
            window.scrollTo(0, 0);
          }}
        />
      )}
    </section>
  );
}
