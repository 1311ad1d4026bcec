from django.apps import AppConfig


class NationalConfig(AppConfig):
    """The national database of cadres, civil servants and public employees (Decree 27/2026/NĐ-CP,
    RULES-2 §6): every person's record in the decree's 10 data groups, keyed by the 12-digit personal
    identification number, streamed as JSON Lines and Excel, and the report of records created or
    updated later than the decree's windows after their decision. Reads every app below it."""

    name = "canbo.national"
    label = "national"
    verbose_name = "Cơ sở dữ liệu quốc gia"
