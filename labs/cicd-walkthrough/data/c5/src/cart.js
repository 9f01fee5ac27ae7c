// Prices are in dong.
function total(items, member) {
  const sum = items.reduce((a, b) => a + b, 0);
  return member ? memberPrice(sum) : sum;
}

// Members pay 10% less, rounded to the nearest 1,000 dong.
function memberPrice(amount) {
  return Math.round((amount * 0.9) / 1000) * 1000;
}

module.exports = { total, memberPrice };
