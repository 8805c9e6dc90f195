/** Selection sets shared by the documents in this folder (inlined: the server allows no root fragments). */
export const MONEY = 'amount currency';
export const PRODUCT = `id sku title description price { ${MONEY} } category kind images grantsVideoIds
  published available onHand reserved createdAt updatedAt`;
export const VIDEO = `id title description access status published progress failureReason durationSeconds
  thumbnailUrl renditions { name width height bitrate } featuredProductIds grantedByProductIds createdAt updatedAt`;
export const ADDRESS = 'name line1 line2 city region postalCode country';
export const ORDER = `id customerId status failureReason
  lines { sku title kind quantity unitPrice { ${MONEY} } lineTotal { ${MONEY} } }
  total { ${MONEY} } shippingAddress { ${ADDRESS} }
  payment { paymentId status amount { ${MONEY} } refunded { ${MONEY} } }
  shipment { shipmentId status carrier trackingNumber }
  timeline { at type detail } createdAt updatedAt`;
export const SHIPMENT = `id orderId customerId status address { ${ADDRESS} } lines { sku title quantity }
  carrier trackingNumber createdAt updatedAt`;
