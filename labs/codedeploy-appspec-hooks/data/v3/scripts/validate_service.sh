#!/bin/bash
# The new version must answer its health check before the load balancer sends it traffic.
sleep 5
# 1.6.0 reads ORDERS_DB_URL, which the instances do not have yet: /health answers 503.
echo "GET /health: 503 Service Unavailable" >&2
exit 1
