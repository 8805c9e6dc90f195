import type { Services } from '../app/services';
import type { CreateProductInput } from '../app/catalog/catalog';

const SEED_ACTOR = 'system:seed';

const DEMO_PRODUCTS: (CreateProductInput & { stock: number })[] = [
  { sku: 'TEA-SENCHA-100', title: '静岡煎茶 100g', description: 'Shizuoka sencha, first flush. 一番茶の爽やかな香り。', price: { amount: 1200, currency: 'JPY' }, category: 'Tea', kind: 'PHYSICAL', images: ['/demo/tea.svg'], stock: 50 },
  { sku: 'TEA-MATCHA-30', title: '宇治抹茶 30g', description: 'Ceremonial-grade Uji matcha. 茶道用の抹茶。', price: { amount: 2600, currency: 'JPY' }, category: 'Tea', kind: 'PHYSICAL', images: ['/demo/matcha.svg'], stock: 20 },
  { sku: 'MUG-ARITA', title: '有田焼 マグカップ', description: 'Hand-painted Arita porcelain mug, 300 ml. 手描きの有田焼。', price: { amount: 3800, currency: 'JPY' }, category: 'Kitchen', kind: 'PHYSICAL', images: ['/demo/mug.svg'], stock: 12 },
  { sku: 'KNIFE-SANTOKU', title: '三徳包丁 165mm', description: 'Sakai-forged santoku knife. 堺の職人による三徳包丁。', price: { amount: 12800, currency: 'JPY' }, category: 'Kitchen', kind: 'PHYSICAL', images: ['/demo/knife.svg'], stock: 3 },
  { sku: 'TENUGUI-WAVE', title: '手ぬぐい 青海波', description: 'Cotton tenugui with the seigaiha wave pattern. 注染染めの手ぬぐい。', price: { amount: 1500, currency: 'JPY' }, category: 'Textiles', kind: 'PHYSICAL', images: ['/demo/tenugui.svg'], stock: 30 },
  { sku: 'FUROSHIKI-SAKURA', title: '風呂敷 桜', description: 'Silk-blend furoshiki, 70 cm. 桜柄の風呂敷。', price: { amount: 2800, currency: 'JPY' }, category: 'Textiles', kind: 'PHYSICAL', images: ['/demo/furoshiki.svg'], stock: 8 },
  { sku: 'COURSE-WAGASHI', title: '和菓子づくり講座（動画）', description: 'Video course: make seasonal wagashi at home. 季節の和菓子を作るオンライン講座。', price: { amount: 2400, currency: 'JPY' }, category: 'Courses', kind: 'DIGITAL', images: ['/demo/wagashi.svg'], stock: 1000 },
];

/** First start only: a small demo catalog, published and stocked. Idempotent (skips skus that exist). */
export async function seedDemo(services: Services): Promise<void> {
  for (const { stock, ...product } of DEMO_PRODUCTS) {
    if (await services.catalog.product(product.sku, true)) continue;
    await services.catalog.createProduct(product, SEED_ACTOR);
    await services.catalog.adjustStock(product.sku, stock, 'initial stock', SEED_ACTOR);
    await services.catalog.setPublished(product.sku, true, SEED_ACTOR);
  }
}
