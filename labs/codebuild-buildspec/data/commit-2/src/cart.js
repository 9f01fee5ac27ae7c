export const FLAT_FEE = 30000;
// Orders from 500.000 ₫ ship free.
export const FREE_FROM = 500000;

// The shipping fee of an order, in VND.
export function shippingFee(total) {
  if (total === 0 || total > FREE_FROM) {
    return 0;
  }
  return FLAT_FEE;
}
