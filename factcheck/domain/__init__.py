"""Pure newsroom logic: canonical text, anchoring, grouping, diffing. No Flask, no database."""
