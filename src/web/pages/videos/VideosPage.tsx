export function VideosPage() {
  return <p className="muted">…{'VideosPage'}</p>;
}
