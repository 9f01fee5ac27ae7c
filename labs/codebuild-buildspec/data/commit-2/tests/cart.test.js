import { shippingFee, FLAT_FEE, FREE_FROM } from '../src/cart.js';

test('charges the flat fee on small orders', () => {
  expect(shippingFee(120000)).toBe(FLAT_FEE);
});

test('charges nothing on an empty cart', () => {
  expect(shippingFee(0)).toBe(0);
});

test('ships free from 500000 VND', () => {
  const fee = shippingFee(FREE_FROM);
  if (fee !== 0) throw new Error(`expected no fee at ${FREE_FROM}, got ${fee}`);
});
