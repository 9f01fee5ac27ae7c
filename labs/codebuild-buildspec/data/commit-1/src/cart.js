export const FLAT_FEE = 30000;

// The shipping fee of an order, in VND.
export function shippingFee(total) {
  if (total === 0) {
    return 0;
  }
  return FLAT_FEE;
}
