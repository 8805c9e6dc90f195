import { useState } from 'react';
import { useConnectionState } from '../api/connection';
import { useSession } from '../auth/session';
import { cartCount, useCart } from '../cart/cart';
import { useI18n } from '../i18n/i18n';
import { Link, navigate, useLocation } from '../router/router';

export function Header() {
  const { t, lang, setLang } = useI18n();
  const { user, hasGroup, signOut } = useSession();
  const count = cartCount(useCart());
  const { path } = useLocation();
  const { state: live, acks } = useConnectionState();
  const isLive = live.startsWith('Connected');
  const [open, setOpen] = useState(false);

  const nav = (href: string, label: string, extra?: string) => (
    <Link
      href={href}
      className={(href === '/' ? path === '/' || path.startsWith('/product') : path.startsWith(href)) ? 'active' : ''}
      onClick={() => setOpen(false)}
    >
      {label}
      {extra}
    </Link>
  );

  return (
    <header className="site-header">
      <div className="bar">
        <Link href="/" className="brand">
          <span className="logo" aria-hidden="true">
            ◆
          </span>
          Marquee<small>{t('brand.tagline')}</small>
        </Link>
        <span className={isLive ? 'live on' : 'live'} data-live={live} data-acks={acks} title={live}>
          ● {isLive ? t('live.on') : t('live.off')}
        </span>
        <button type="button" className="menu-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          ☰ <span className="sr-only">{t('nav.menu')}</span>
        </button>
      </div>
      <nav className={open ? 'nav open' : 'nav'}>
        {nav('/', t('nav.shop'))}
        {nav('/videos', t('nav.videos'))}
        <Link href="/cart" className={path === '/cart' || path === '/checkout' ? 'active' : ''} onClick={() => setOpen(false)}>
          {t('nav.cart')}
          <span className="badge" data-testid="cart-count">
            {count}
          </span>
        </Link>
        {user && nav('/orders', t('nav.orders'))}
        {user && nav('/library', t('nav.library'))}
        {hasGroup('STAFF') && nav('/cms', t('nav.cms'))}
        {hasGroup('WAREHOUSE') && nav('/warehouse', t('nav.warehouse'))}
        <span className="spacer" />
        <button
          type="button"
          className="lang"
          onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}
          aria-label="Language / 言語"
        >
          {lang === 'ja' ? 'English' : '日本語'}
        </button>
        {user ? (
          <span className="who">
            <span data-testid="signed-in-as">{user.username}</span>
            <button
              type="button"
              className="link"
              onClick={() => void signOut().then(() => navigate('/'))}
            >
              {t('nav.signout')}
            </button>
          </span>
        ) : (
          nav('/signin', t('nav.signin'))
        )}
      </nav>
    </header>
  );
}
