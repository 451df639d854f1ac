import type { Dossier, DossierImage } from '../../api/types';
import { useT } from '../../i18n';
import { PhotoChecksList } from './PhotoChecksList';
import { flaggedCount, previousOf } from './photos';
import { SignedImage } from './SignedImage';
import { ZoomPane } from './ZoomPane';

interface PhotoViewerProps {
  dossier: Dossier;
  photos: DossierImage[];
  index: number;
  onIndex: (index: number) => void;
  onExpired: () => Promise<void>;
}

/** The round's six photos: one large (beside the previous round's on a re-inspection), all as thumbnails. */
export function PhotoViewer({ dossier, photos, index, onIndex, onExpired }: PhotoViewerProps) {
  const t = useT();
  const photo = photos[index];
  if (!photo) return <p className="muted">{t('review.noPhotos')}</p>;
  const previous = dossier.round > 1 ? previousOf(dossier, photo) : undefined;
  const label = (image: DossierImage) =>
    t(image.role === 'front' ? 'review.frontN' : 'review.rearN', { n: image.position + 1 });

  return (
    <section className="photos" aria-labelledby="photos-title">
      <h2 id="photos-title">
        {t('review.photos')}{' '}
        <span className="muted">
          {t('review.photoOf', { n: index + 1, of: photos.length })} · {t('review.photoKeys')}
        </span>
      </h2>
      <div className={previous ? 'viewer viewer-compare' : 'viewer'}>
        <ZoomPane
          key={`current-${photo.id}`}
          src={photo.url}
          alt={`${label(photo)} (${t('review.roundN', { n: photo.round })})`}
          caption={`${label(photo)} · ${t('review.roundN', { n: photo.round })}${photo.taken_at ? ` · ${t('review.takenAt', { at: photo.taken_at })}` : ''}`}
          onExpired={onExpired}
        />
        {previous && (
          <ZoomPane
            key={`previous-${previous.id}`}
            src={previous.url}
            alt={`${label(previous)} (${t('review.previousRound', { n: previous.round })})`}
            caption={`${label(previous)} · ${t('review.previousRound', { n: previous.round })}`}
            onExpired={onExpired}
          />
        )}
      </div>
      <div className="photo-checks">
        <h3>{t('review.checksOf', { photo: label(photo) })}</h3>
        <PhotoChecksList photo={photo} />
      </div>
      <ul className="thumbs" aria-label={t('review.thumbnails')}>
        {photos.map((image, i) => {
          const flags = flaggedCount(image.checks);
          return (
            <li key={image.id}>
              <button
                type="button"
                className={i === index ? 'thumb thumb-current' : 'thumb'}
                aria-pressed={i === index}
                onClick={() => onIndex(i)}
              >
                <SignedImage src={image.url} alt="" onExpired={onExpired} />
                <span className="thumb-label">
                  {label(image)}
                  {flags > 0 ? (
                    <span className="thumb-flag"> ⚠ {t('review.flags', { n: flags })}</span>
                  ) : (
                    <span className="thumb-ok"> ✓</span>
                  )}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
