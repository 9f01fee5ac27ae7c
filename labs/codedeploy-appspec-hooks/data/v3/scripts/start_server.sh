#!/bin/bash
# Start the web app on the installed files.
systemctl start webapp
sleep 3
