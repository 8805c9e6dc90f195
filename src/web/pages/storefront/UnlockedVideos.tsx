import { getVideo } from '../../api/videos';
import type { Video } from '../../api/types';
import { useQuery } from '../../api/use-query';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/router';

/** The videos a digital product grants; ids the API cannot resolve (yet) are still listed. */
export function UnlockedVideos({ ids }: { ids: readonly string[] }) {
  const { t } = useI18n();
  const videos = useQuery(
    () => Promise.all(ids.map((id) => getVideo(id).catch(() => null))),
    [ids.join(',')],
  );
  return (
    <section className="unlocks">
      <h2>{t('product.unlocks')}</h2>
      <ul>
        {ids.map((id, i) => {
          const v: Video | null | undefined = videos.data?.[i];
          return (
            <li key={id}>
              <Link href={`/watch/${encodeURIComponent(id)}`}>
                {v?.thumbnailUrl && <img src={v.thumbnailUrl} alt="" className="mini-thumb" />}
                {v?.title ?? id}
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
