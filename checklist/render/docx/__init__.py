"""The gap report as an editable Word document, built with python-docx from the report view.

python-docx is imported only when a .docx file is asked for.
"""
