"""The sample article page both PDF test modules draw: header, two columns, a hyphen, a page number."""

ARTICLE_LINES = [
    (50, 40, "Journal of Strategic Studies"),
    (50, 100, "Left column starts here and"),
    (50, 115, "continues with the nego-"),
    (50, 130, "tiation of terms."),
    (320, 100, "Right column comes after"),
    (320, 115, "the whole left column."),
    (290, 815, "1"),
]
