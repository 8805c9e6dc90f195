export function CmsVideosPage() {
  return <p className="muted">…{'CmsVideosPage'}</p>;
}
