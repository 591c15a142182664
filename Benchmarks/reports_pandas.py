"""The anchor for the reports benchmark: pandas read_csv + group-by on the same release report.

Reads in chunks (so memory stays bounded, as golive's parser does) and sums NET_CREDIT_AMOUNT and
NET_DEBIT_AMOUNT by RECORD_TYPE, by DESCRIPTION and by day, then prints the totals golive also prints.
`reports_pandas.py FILE` reads every column (plain read_csv); `reports_pandas.py FILE usecols` only the five
it needs (pandas at its best).
"""

import json
import sys
import time
from decimal import Decimal

import pandas as pd

path = sys.argv[1]
start = time.perf_counter()
by_type = None
by_description = None
by_day = None
columns = ["DATE", "RECORD_TYPE", "DESCRIPTION", "NET_CREDIT_AMOUNT", "NET_DEBIT_AMOUNT"]
usecols = columns if len(sys.argv) > 2 and sys.argv[2] == "usecols" else None
for chunk in pd.read_csv(path, usecols=usecols, chunksize=500_000, dtype={"DESCRIPTION": "string"}):
    chunk["DAY"] = chunk["DATE"].str.slice(0, 10)
    amounts = ["NET_CREDIT_AMOUNT", "NET_DEBIT_AMOUNT"]
    t = chunk.groupby("RECORD_TYPE")[amounts].sum()
    d = chunk.groupby("DESCRIPTION")[amounts].sum()
    y = chunk.groupby("DAY")[amounts].sum()
    by_type = t if by_type is None else by_type.add(t, fill_value=0)
    by_description = d if by_description is None else by_description.add(d, fill_value=0)
    by_day = y if by_day is None else by_day.add(y, fill_value=0)
elapsed = time.perf_counter() - start
moving = by_type.loc[[k for k in ("release", "block", "unblock") if k in by_type.index]].sum()
initial = by_type.loc["initial_available_balance"]
size = __import__("os").path.getsize(path)
print(json.dumps({
    "seconds": round(elapsed, 3),
    "mb_per_s": round(size / 1e6 / elapsed, 1),
    # pandas sums binary floats: rounded here to compare with the exact figures.
    "credits": str(Decimal(moving["NET_CREDIT_AMOUNT"]).quantize(Decimal("0.01"))),
    "debits": str(Decimal(moving["NET_DEBIT_AMOUNT"]).quantize(Decimal("0.01"))),
    "initial": str(Decimal(initial["NET_CREDIT_AMOUNT"]).quantize(Decimal("0.01"))),
}))
