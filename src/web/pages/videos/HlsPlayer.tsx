import { useEffect, useRef } from 'react';
import Hls from 'hls.js';

/** Plays an HLS master playlist: natively where the browser can (Safari), else with hls.js. */
export function HlsPlayer({ src, poster, onFatal }: { src: string; poster?: string; onFatal?: (message: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const fatal = useRef(onFatal);
  fatal.current = onFatal;

  useEffect(() => {
    const el = video.current;
    if (!el) return;
    if (el.canPlayType('application/vnd.apple.mpegurl') && !Hls.isSupported()) {
      el.src = src;
      return () => el.removeAttribute('src');
    }
    const hls = new Hls({ enableWorker: true });
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) fatal.current?.(`${data.type}: ${data.details}`);
    });
    hls.loadSource(src);
    hls.attachMedia(el);
    return () => hls.destroy();
  }, [src]);

  return <video ref={video} className="player" controls playsInline poster={poster} data-src={src} />;
}
