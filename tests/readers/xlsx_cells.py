#!/usr/bin/python3
"""Prints every non-empty cell of an XLSX file as `sheet!A1<TAB>value`, read
with openpyxl (a real reader: a broken file fails here).  Numbers print as
integers when they are whole."""
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1], read_only=True)
for sheet in book.worksheets:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            value = cell.value
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            print(f"{sheet.title}!{cell.coordinate}\t{value}")
