"""The attack rerun of issue 19: every route, over real HTTP, with a hostile corpus."""
