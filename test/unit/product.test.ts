import { describe, it } from 'vitest';
import { productDecider, type ProductDetails, type ProductEvent } from '../../src/domain/product';
import { given } from './given-when-then';

const details: ProductDetails = {
  title: '静岡煎茶 100g',
  description: 'sencha',
  price: { amount: 1200, currency: 'JPY' },
  category: 'Tea',
  kind: 'PHYSICAL',
  images: [],
  grantsVideoIds: [],
};
const created: ProductEvent = { type: 'ProductCreated', data: { sku: 'TEA-1', ...details } };

describe('product', () => {
  it('is created with its details', () => {
    given(productDecider).when({ type: 'CreateProduct', sku: 'TEA-1', details }).then([created]);
  });

  it('refuses a second product with the same sku', () => {
    given(productDecider, [created])
      .when({ type: 'CreateProduct', sku: 'TEA-1', details })
      .thenThrows('Conflict', /already exists/);
  });

  it('refuses bad input with a field-specific message', () => {
    const create = given(productDecider).when;
    create({ type: 'CreateProduct', sku: 'bad sku!', details }).thenThrows('ValidationError', /sku/);
    create({ type: 'CreateProduct', sku: 'T', details: { ...details, title: '  ' } }).thenThrows('ValidationError', /title/);
    create({ type: 'CreateProduct', sku: 'T', details: { ...details, price: { amount: -1, currency: 'JPY' } } }).thenThrows(
      'ValidationError',
      /price.amount/,
    );
    create({ type: 'CreateProduct', sku: 'T', details: { ...details, price: { amount: 1.5, currency: 'JPY' } } }).thenThrows(
      'ValidationError',
      /whole number/,
    );
    create({ type: 'CreateProduct', sku: 'T', details: { ...details, price: { amount: 1, currency: 'yen' } } }).thenThrows(
      'ValidationError',
      /currency/,
    );
  });

  it('records only the fields that actually change', () => {
    given(productDecider, [created])
      .when({ type: 'UpdateProduct', changes: { title: details.title, price: { amount: 1500, currency: 'JPY' } } })
      .then([{ type: 'ProductUpdated', data: { price: { amount: 1500, currency: 'JPY' } } }]);
    given(productDecider, [created]).when({ type: 'UpdateProduct', changes: { title: details.title } }).then([]);
  });

  it('publishes once; publishing again changes nothing', () => {
    const state = given(productDecider, [created])
      .when({ type: 'PublishProduct' })
      .then([{ type: 'ProductPublished', data: {} }]);
    given(productDecider, [created, { type: 'ProductPublished', data: {} }]).when({ type: 'PublishProduct' }).then([]);
    given(productDecider, [created, { type: 'ProductPublished', data: {} }])
      .when({ type: 'UnpublishProduct' })
      .then([{ type: 'ProductUnpublished', data: {} }]);
    void state;
  });

  it('cannot change a product that does not exist', () => {
    given(productDecider).when({ type: 'PublishProduct' }).thenThrows('NotFound');
    given(productDecider).when({ type: 'UpdateProduct', changes: { title: 'x' } }).thenThrows('NotFound');
  });
});
