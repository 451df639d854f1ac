import { type ImgHTMLAttributes, useRef, useState } from 'react';
import { useT } from '../../i18n';

type SignedImageProps = Omit<ImgHTMLAttributes<HTMLImageElement>, 'onError'> & {
  src: string;
  alt: string;
  /** Asks for fresh links (the dossier again); the image retries once with the new one. */
  onExpired: () => Promise<void>;
};

/** An image behind a 15-second signed link: on a failure (403 once expired) it refreshes the link and retries once. */
export function SignedImage({ src, alt, onExpired, ...rest }: SignedImageProps) {
  const t = useT();
  const retried = useRef(false);
  const [failed, setFailed] = useState(false);
  const [loaded, setLoaded] = useState(false);
  // A new element per attempt: the fresh link may be byte-identical to the failed one (issued in the
  // same second), and an S3 presigned link must not be altered to force a reload.
  const [attempt, setAttempt] = useState(0);

  // A new link is a new chance (state adjusted during render, as React advises for a changed prop).
  const [shown, setShown] = useState(src);
  if (shown !== src) {
    setShown(src);
    setFailed(false);
    setLoaded(false);
  }

  const onError = () => {
    if (retried.current) {
      setFailed(true);
      return;
    }
    retried.current = true;
    onExpired().then(
      () => setAttempt((n) => n + 1),
      () => setFailed(true),
    );
  };

  if (failed) {
    return (
      <div className="image-failed" role="alert">
        <p>{t('review.imageFailed')}</p>
        <button
          type="button"
          onClick={() => {
            retried.current = false;
            setFailed(false);
            void onExpired().then(() => setAttempt((n) => n + 1));
          }}
        >
          {t('common.retry')}
        </button>
      </div>
    );
  }
  return (
    <img
      key={attempt}
      {...rest}
      src={src}
      alt={alt}
      data-loaded={loaded ? 'true' : 'false'}
      onLoad={() => {
        setLoaded(true);
        retried.current = false;
      }}
      onError={onError}
      draggable={false}
    />
  );
}
