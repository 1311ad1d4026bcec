"""The `canbo` command: everything `manage.py` does, plus the project's own commands.

`canbo org tree --as-of 01/06/2024`, `canbo migrate`, `canbo check --deploy`, ...
Settings default to the production module; `make demo` sets CANBO_DEBUG=1.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "canbo.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except BrokenPipeError:  # `canbo org tree | head`
        sys.stderr.close()
        os._exit(0)


if __name__ == "__main__":
    main()
