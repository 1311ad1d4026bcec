"""Vietnamese public holidays and working days (pure: no Django)."""
