"""Answering a round: personal links, the member pages, my rounds, and the staff preview."""
