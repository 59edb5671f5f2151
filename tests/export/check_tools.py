#!/usr/bin/env python3
"""check_tools.py ISSUE_DIR — reads an issue folder the way researchers' tools do.

pandas reads indicators.csv (value numeric) and every sheet of issue.xlsx
(openpyxl): 目录, 文章, 指标 and one sheet per table of tables.csv; the
indicator values are numbers, a table's spanning header cells are merged
ranges, header rows are frozen. Prints what it saw; exits 1 on a failure.
"""
import os
import sys

import openpyxl
import pandas as pd

d = sys.argv[1]
failures = []

ind = pd.read_csv(os.path.join(d, "indicators.csv"))
if len(ind) and not pd.api.types.is_numeric_dtype(ind["value"]):
    failures.append(f"indicators.csv value is {ind['value'].dtype}")
tables = pd.read_csv(os.path.join(d, "tables.csv"))

sheets = pd.read_excel(os.path.join(d, "issue.xlsx"), sheet_name=None, engine="openpyxl")
for name in ("目录", "文章", "指标"):
    if name not in sheets:
        failures.append(f"no sheet {name}")
if "指标" in sheets and len(sheets["指标"]) != len(ind):
    failures.append(f"指标 has {len(sheets['指标'])} rows, indicators.csv {len(ind)}")
if "指标" in sheets and len(ind) and not pd.api.types.is_numeric_dtype(sheets["指标"]["value"]):
    failures.append("指标 value is not numeric")
table_sheets = [n for n in sheets if n not in ("目录", "文章", "指标")]
if len(table_sheets) != len(tables):
    failures.append(f"{len(table_sheets)} table sheets for {len(tables)} tables")

wb = openpyxl.load_workbook(os.path.join(d, "issue.xlsx"))
merged = 0
frozen = 0
for name in table_sheets:
    ws = wb[name]
    merged += len(ws.merged_cells.ranges)
    frozen += ws.freeze_panes is not None
if table_sheets and frozen != len(table_sheets):
    failures.append(f"{frozen} of {len(table_sheets)} table sheets have frozen header rows")
print(f"indicators {len(ind)} rows, sheets {len(sheets)}, tables {len(table_sheets)}, "
      f"merged ranges {merged}")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
