"""OSCAL documents (assessment results, plan of action and milestones, catalog) as plain JSON.

No OSCAL library is needed at run time: the documents are built from the result and the
pack as dictionaries. The tests validate them with compliance-trestle's models
(the ``oscal-check`` extra). docs/interchange.md has the field mapping.
"""
