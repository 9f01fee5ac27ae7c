import { shippingFee } from './cart.js';
import { formatVnd } from './format.js';

const total = Number(new URLSearchParams(location.search).get('total') ?? 0);
document.querySelector('#cart').textContent =
  `Phí vận chuyển: ${formatVnd(shippingFee(total))}`;
