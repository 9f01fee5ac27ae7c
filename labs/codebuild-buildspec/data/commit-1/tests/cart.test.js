import { shippingFee, FLAT_FEE } from '../src/cart.js';

test('charges the flat fee on small orders', () => {
  expect(shippingFee(120000)).toBe(FLAT_FEE);
});

test('charges nothing on an empty cart', () => {
  expect(shippingFee(0)).toBe(0);
});
