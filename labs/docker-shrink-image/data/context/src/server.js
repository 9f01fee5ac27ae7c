const express = require("express");
const helmet = require("helmet");
const logger = require("pino")();
const routes = require("./routes");

const app = express();
app.use(helmet());
app.use(express.static("public"));
app.use("/api", routes);

const port = process.env.PORT || 3000;
app.listen(port, () => logger.info({ port }, "shop-web listening"));
