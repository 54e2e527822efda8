"""Files in: YAML to models with located errors, folders scanned, saved reports read back."""
