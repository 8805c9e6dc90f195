import { useEffect, useRef } from 'react';

/**
 * Plays an HLS master playlist: natively where the browser can (Safari), else with hls.js,
 * which is loaded only when a player is shown (it is a third of the app's size).
 */
export function HlsPlayer({ src, poster, onFatal }: { src: string; poster?: string; onFatal?: (message: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const fatal = useRef(onFatal);
  fatal.current = onFatal;

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    let cleanup = () => {};
    let cancelled = false;
    void import('hls.js').then(({ default: Hls }) => {
      if (cancelled) return;
      if (el.canPlayType('application/vnd.apple.mpegurl') && !Hls.isSupported()) {
        el.src = src;
        cleanup = () => el.removeAttribute('src');
        return;
      }
      const hls = new Hls({ enableWorker: true });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        if (data.fatal) fatal.current?.(`${data.type}: ${data.details}`);
      });
      hls.loadSource(src);
      hls.attachMedia(el);
      cleanup = () => hls.destroy();
    }, (error: unknown) => fatal.current?.(`the player could not load: ${String(error)}`));
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [src]);

  return <video ref={video} className="player" controls playsInline poster={poster} data-src={src} />;
}
