#!/bin/bash
# The new version must answer its health check before the load balancer sends it traffic.
sleep 5
curl --fail --silent --max-time 5 http://localhost/health
