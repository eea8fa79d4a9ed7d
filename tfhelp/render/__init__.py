"""Renderers: views to text, HTML and ipywidgets (only the last imports ipywidgets)."""
