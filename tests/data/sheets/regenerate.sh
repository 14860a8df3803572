#!/bin/sh
# Converts sample.fods (written by hand) into the static test data
# sample.ods and sample.xlsx with LibreOffice, as a user's office suite
# writes them. Run from this folder; commit the results.
set -e
soffice --headless -env:UserInstallation=file:///tmp/lo-sheets \
  --convert-to ods --outdir . sample.fods
soffice --headless -env:UserInstallation=file:///tmp/lo-sheets \
  --convert-to xlsx --outdir . sample.fods
