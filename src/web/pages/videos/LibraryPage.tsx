export function LibraryPage() {
  return <p className="muted">…{'LibraryPage'}</p>;
}
