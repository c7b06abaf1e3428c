# English date formats for reader pages: "March 15, 2024", "03/16/2024 at 2:47 a.m.".
DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = r"m/d/Y \a\t g:i a"
SHORT_DATE_FORMAT = "m/d/Y"
SHORT_DATETIME_FORMAT = r"m/d/Y \a\t g:i a"
TIME_FORMAT = "g:i a"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 0
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
