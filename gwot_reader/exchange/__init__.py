"""Import and export: text, Markdown, PDF, DOCX, CSV and REFI-QDA."""
