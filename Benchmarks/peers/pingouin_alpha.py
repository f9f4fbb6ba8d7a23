"""Times pandas.read_csv + pingouin.cronbach_alpha (alpha only) on the same file."""
import sys

import pandas as pd
import pingouin as pg

x = pd.read_csv(sys.argv[1])
items = [c for c in x.columns if c.startswith("waisr_")]
a, ci = pg.cronbach_alpha(data=x[items])
print(f"alpha {a:.6f}")
