const http = require('node:http');

const products = [
  { id: 'ao-dai', name: 'Áo dài lụa', price: 1200000 },
  { id: 'non-la', name: 'Nón lá', price: 150000 },
];

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  if (req.url === '/products') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(products));
    return;
  }
  res.writeHead(404);
  res.end();
});

server.listen(8080, () => console.log('shop-api listening on 8080'));
