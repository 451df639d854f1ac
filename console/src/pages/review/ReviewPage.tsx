import { useEffect, useMemo, useState } from 'react';
import { type ApiError, api } from '../../api/client';
import type { DecisionAnswer, QueueList } from '../../api/types';
import { ErrorNotice, Loading, Notice } from '../../components/Notice';
import { StatusBadge } from '../../components/StatusBadge';
import { useT } from '../../i18n';
import { useHotkeys } from '../../lib/hotkeys';
import { STATUS } from '../../lib/statuses';
import { Link, navigate } from '../../router';
import { ContractDeliveries } from './ContractDeliveries';
import { ContractSummary } from './ContractSummary';
import { DeviceInfoPanel } from './DeviceInfoPanel';
import { DecisionPanel } from './decision/DecisionPanel';
import type { DecisionKind } from './decision/decision-types';
import { PhotoViewer } from './PhotoViewer';
import { roundPhotos } from './photos';
import { Timeline } from './Timeline';
import { useDossier } from './use-dossier';

const INSPECTION_REQUESTED = 3;

export function ReviewPage({ contractId }: { contractId: string }) {
  const t = useT();
  const dossier = useDossier(contractId);
  const [photoIndex, setPhotoIndex] = useState(0);
  const [kind, setKind] = useState<DecisionKind | null>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [decided, setDecided] = useState<DecisionAnswer | null>(null);
  const data = dossier.data;
  const photos = useMemo(() => (data ? roundPhotos(data, data.round) : []), [data]);
  const decidable = data?.status === INSPECTION_REQUESTED;

  useEffect(() => {
    if (!decidable) setKind(null);
  }, [decidable]);

  useHotkeys({
    arrowleft: () => setPhotoIndex((i) => (photos.length ? (i - 1 + photos.length) % photos.length : 0)),
    arrowright: () => setPhotoIndex((i) => (photos.length ? (i + 1) % photos.length : 0)),
    a: () => (decidable ? setKind('approve') : false),
    r: () => (decidable ? setKind('reinspect') : false),
    x: () => (decidable ? setKind('reject') : false),
  });

  const onConflict = (error: ApiError) => {
    setConflict(error);
    setKind(null);
    void dossier.reload();
  };
  const onDecided = (answer: DecisionAnswer) => {
    setDecided(answer);
    setKind(null);
    void dossier.reload();
  };

  const openNext = async () => {
    const page = await api.get<QueueList>('/inspections', {
      query: { status: STATUS.inspectionRequested, limit: 2 },
    });
    const next = page.items.find((item) => item.contract_id !== contractId);
    navigate(next ? `/contracts/${next.contract_id}` : '/');
  };

  if (!data) {
    return (
      <section className="page">
        <ErrorNotice error={dossier.error} />
        {dossier.loading && <Loading />}
      </section>
    );
  }

  return (
    <article className="page review" aria-labelledby="review-title">
      <div className="page-head">
        <Link to="/" className="back">
          ← {t('review.backToQueue')}
        </Link>
        <h1 id="review-title">
          {data.device.name} <span className="muted">· {data.affiliate.name}</span>{' '}
          <StatusBadge status={data.status} />
        </h1>
        <code className="muted contract-id">{data.contract_id}</code>
      </div>
      {conflict && (
        <Notice kind="warning">
          <strong>{t('review.conflictTitle')}</strong> {t('review.conflictBody')}{' '}
          <span className="muted">({conflict.message})</span>
        </Notice>
      )}
      {decided && (
        <Notice kind="success">
          {t('review.decided', { status: t(`status.${decided.status}` as 'status.5') })}{' '}
          <button type="button" onClick={() => void openNext()}>
            {t('review.next')}
          </button>
        </Notice>
      )}
      <ErrorNotice error={dossier.error} />
      <div className="review-grid">
        <div className="review-main">
          <PhotoViewer
            dossier={data}
            photos={photos}
            index={Math.min(photoIndex, Math.max(0, photos.length - 1))}
            onIndex={setPhotoIndex}
            onExpired={dossier.refreshLinks}
          />
          <DeviceInfoPanel dossier={data} onExpired={dossier.refreshLinks} />
        </div>
        <aside className="review-side" aria-label={t('review.sidebar')}>
          {decidable ? (
            <DecisionPanel
              dossier={data}
              kind={kind}
              onKind={setKind}
              onDecided={onDecided}
              onConflict={onConflict}
            />
          ) : (
            <Notice kind="info">
              {t('review.notDecidable', { status: t(`status.${data.status}` as 'status.3') })}
            </Notice>
          )}
          <ContractSummary dossier={data} />
          <Timeline events={data.timeline} />
          <ContractDeliveries deliveries={data.deliveries} notifications={data.notifications} />
        </aside>
      </div>
    </article>
  );
}
