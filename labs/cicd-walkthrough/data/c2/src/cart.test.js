const { total, memberPrice } = require("./cart");

test("total adds the items", () => {
  expect(total([120000, 80000])).toBe(200000);
});

test("members pay 10% less", () => {
  expect(memberPrice(200000)).toBe(180000);
});
