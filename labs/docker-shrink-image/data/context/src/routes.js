const { Router } = require("express");

const router = Router();
router.get("/health", (req, res) => res.json({ ok: true }));
router.get("/products", (req, res) => res.json([{ id: 1, name: "Cà phê sữa đá", price: 29000 }]));

module.exports = router;
