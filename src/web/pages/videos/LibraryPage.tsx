import { myLibrary } from '../../api/videos';
import { useQuery } from '../../api/use-query';
import { useI18n } from '../../i18n/i18n';
import { Link } from '../../router/router';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { Empty, Loading } from '../../ui/States';
import { VideoCard } from './VideoCard';

export function LibraryPage() {
  const { t } = useI18n();
  const library = useQuery(myLibrary, []);
  return (
    <section>
      <h1>{t('library.title')}</h1>
      <ErrorMessage error={library.error} onRetry={library.reload} />
      {library.loading && <Loading />}
      {library.data && library.data.length === 0 && (
        <Empty action={<Link href="/?category=Courses" className="button primary">{t('cart.goShop')}</Link>}>
          {t('library.empty')}
        </Empty>
      )}
      <div className="grid">
        {library.data?.map((v) => (
          <VideoCard key={v.id} video={v} unlocked />
        ))}
      </div>
    </section>
  );
}
