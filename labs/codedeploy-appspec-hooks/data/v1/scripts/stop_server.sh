#!/bin/bash
# Stop the web app before the new files arrive.
systemctl stop webapp
sleep 2
