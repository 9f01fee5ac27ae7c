// Prices are in dong.
function total(items, member) {
  const sum = items.reduce((a, b) => a + b, 0);
  return member ? memberPrice(sum) : sum;
}

// Members pay 10% less.
function memberPrice(amount) {
  return amount * 0.9;
}

module.exports = { total, memberPrice };
