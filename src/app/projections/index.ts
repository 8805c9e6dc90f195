import type { Projection } from '../projector';
import { libraryProjection } from './library';
import { ordersProjection } from './orders';
import { productsProjection } from './products';
import { salesProjection } from './sales';
import { shipmentsProjection } from './shipments';
import { videosProjection } from './videos';

/** Every read model, in the order they are applied. Both runtimes use this list. */
export const allProjections: readonly Projection[] = [productsProjection, shipmentsProjection, videosProjection, ordersProjection, salesProjection, libraryProjection];
