"""Reading what users and pack authors write: YAML with positions, rule packs and their
cross-checks, assessment files, the pack cache, and the wording of every problem found.

Everything here turns files into checked models or into located problems
(:class:`checklist.load.problems.Problem`); nothing here scores or renders.

- Files: ``reading`` (bytes of a regular file, within a size limit), ``inputs`` (every
  file this run read, so no output replaces one).
- YAML: ``yamlsource`` (the entry point: parse text, load a file), ``yaml_compose``
  (text to nodes, with the limits), ``yaml_build`` (nodes to data), ``yaml_errors``
  (syntax errors in words), ``yaml_document`` (the data with its positions).
- Validation: ``validation`` (which pydantic errors become problems, and where),
  ``validation_messages`` (their wording).
- Packs: ``packs`` (find and load a pack), ``pack_folders`` (where packs live),
  ``loaded_pack`` (the ``Pack`` class), ``pack_checks`` (cross-checks),
  ``pack_glossary`` (glossary checks), ``pack_translations``, ``pack_cache``.
- Assessments: ``assessment`` (load and check a file), ``assessment_checks`` (the checks
  against the pack), ``fact_values`` (a fact's value by its type), ``well_formed_parts``
  (the valid parts of a malformed file).
- Workbooks: ``workbook`` (read an .xlsx file), ``workbook_archive`` (what is refused
  before opening), ``xlsx_cells`` (cell values from the XML), ``workbook_rows`` (rows by
  header), ``workbook_sheets`` (each sheet into the data), ``workbook_formulas``,
  ``sheetdoc`` (positions as cells), ``sheetlayout`` (sheets and columns).
- ``problems``: the problem type, the errors that carry problems, and hints.
"""
