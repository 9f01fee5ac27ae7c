#!/bin/bash
# The packages the new version needs, installed before its files are copied.
dnf install -y nodejs20 nginx
sleep 20
