"""Documents (handlingar som filer): rendering shared by every domain — PDF from our own
templates through WeasyPrint, DOCX through a thin builder over python-docx, and the Swedish
formatting both use. Document definitions per domain live in modules named after them
(``case_memo`` renders an ärende in the memo's structure)."""
