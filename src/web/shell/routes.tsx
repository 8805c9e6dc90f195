import type { ReactNode } from 'react';
import { CmsHome } from '../pages/cms/CmsHome';
import { CmsOrdersPage } from '../pages/cms/CmsOrdersPage';
import { CmsProductsPage } from '../pages/cms/CmsProductsPage';
import { CmsSalesPage } from '../pages/cms/CmsSalesPage';
import { CmsVideosPage } from '../pages/cms/CmsVideosPage';
import { CartPage } from '../pages/cart/CartPage';
import { CheckoutPage } from '../pages/cart/CheckoutPage';
import { MyOrdersPage } from '../pages/orders/MyOrdersPage';
import { OrderPage } from '../pages/orders/OrderPage';
import { CatalogPage } from '../pages/storefront/CatalogPage';
import { ProductPage } from '../pages/storefront/ProductPage';
import { LibraryPage } from '../pages/videos/LibraryPage';
import { VideosPage } from '../pages/videos/VideosPage';
import { WatchPage } from '../pages/videos/WatchPage';
import { WarehousePage } from '../pages/warehouse/WarehousePage';
import { RequireRole } from './RequireRole';
import { SignInPage } from './SignInPage';

type Params = Record<string, string>;

/** Path pattern -> page. Guarded pages say why they are closed instead of redirecting. */
export const routes: [string, (p: Params) => ReactNode][] = [
  ['/', () => <CatalogPage />],
  ['/product/:id', (p) => <ProductPage key={p.id} id={p.id!} />],
  ['/videos', () => <VideosPage />],
  ['/watch/:id', (p) => <WatchPage key={p.id} id={p.id!} />],
  ['/cart', () => <CartPage />],
  ['/checkout', () => <RequireRole><CheckoutPage /></RequireRole>],
  ['/orders', () => <RequireRole><MyOrdersPage /></RequireRole>],
  ['/orders/:id', (p) => <RequireRole><OrderPage key={p.id} id={p.id!} /></RequireRole>],
  ['/library', () => <RequireRole><LibraryPage /></RequireRole>],
  ['/signin', () => <SignInPage />],
  ['/cms', () => <RequireRole group="STAFF"><CmsHome /></RequireRole>],
  ['/cms/products', () => <RequireRole group="STAFF"><CmsProductsPage /></RequireRole>],
  ['/cms/videos', () => <RequireRole group="STAFF"><CmsVideosPage /></RequireRole>],
  ['/cms/orders', () => <RequireRole group="STAFF"><CmsOrdersPage /></RequireRole>],
  ['/cms/sales', () => <RequireRole group="STAFF"><CmsSalesPage /></RequireRole>],
  ['/warehouse', () => <RequireRole group="WAREHOUSE"><WarehousePage /></RequireRole>],
];
