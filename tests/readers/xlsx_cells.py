#!/usr/bin/python3
"""Prints every non-empty cell of an XLSX file as `sheet!A1<TAB>value`, read
with openpyxl (a real reader: a broken file fails here).  Numbers print as
integers when they are whole, rounded to 4 places otherwise, followed by
<TAB>format when they have a number format.  With --widths: every column
width set, as `sheet!B<TAB>width`."""
import sys

import openpyxl

if "--widths" in sys.argv:
    book = openpyxl.load_workbook(sys.argv[-1])
    for sheet in book.worksheets:
        for letter, dim in sheet.column_dimensions.items():
            if dim.width:
                print(f"{sheet.title}!{letter}\t{dim.width}")
    sys.exit(0)

book = openpyxl.load_workbook(sys.argv[1], read_only=True)
for sheet in book.worksheets:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            value = cell.value
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            elif isinstance(value, float):
                value = round(value, 4)
            fmt = cell.number_format if isinstance(value, (int, float)) and cell.number_format != "General" else ""
            print(f"{sheet.title}!{cell.coordinate}\t{value}" + (f"\t{fmt}" if fmt else ""))
