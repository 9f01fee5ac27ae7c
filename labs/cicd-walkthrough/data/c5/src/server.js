const express = require("express");
const { total } = require("./cart");

const app = express();
app.use(express.json());

app.get("/health", (req, res) => res.json({ ok: true }));
app.post("/cart/total", (req, res) => res.json({ total: total(req.body.items, req.body.member) }));

app.listen(process.env.PORT || 8080);
