const { total, memberPrice } = require("./cart");

test("total adds the items", () => {
  expect(total([120000, 80000])).toBe(200000);
});

test("members pay 10% less", () => {
  expect(memberPrice(200000)).toBe(180000);
});

test("member prices are rounded to the thousand", () => {
  // memberPrice(123456) returns 111110.4: the change forgot to round.
  expect(111110.4).toBe(111000);
});
