"""Arabic dates day first, as Arabic writes them: "1 ديسمبر 2026، 3:05 م" (Django's own
Arabic formats leave the date with time in the English order, "ديسمبر 1, 2026")."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "j F Y، g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j/n/Y"
SHORT_DATETIME_FORMAT = "j/n/Y، g:i A"
FIRST_DAY_OF_WEEK = 6
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
