"""Round results for staff: figures, suppression, charts, trends, open answers, exports, summaries."""
