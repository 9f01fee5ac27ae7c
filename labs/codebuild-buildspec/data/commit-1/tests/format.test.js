import { formatVnd } from '../src/format.js';

test('formats whole amounts in VND', () => {
  expect(formatVnd(30000)).toBe('30.000 ₫');
});

test('rounds to the nearest đồng', () => {
  expect(formatVnd(1999.6)).toBe('2.000 ₫');
});
