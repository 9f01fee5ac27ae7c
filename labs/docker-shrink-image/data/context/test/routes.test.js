const request = require("supertest");

test("health answers", async () => {
  expect(true).toBe(true);
});
