"""The demo province and the benchmarks: `canbo demo load`, `canbo demo-data`, `canbo bench`.

Above every other app: it uses their services, models and rules, and none of them imports it
(pyproject.toml's import contracts). What it draws people from — names, agencies, shares, ranks — is
data, in demo/data/."""
