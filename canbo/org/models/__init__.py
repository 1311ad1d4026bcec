from canbo.org.models.restructuring import Restructuring, RestructuringLink
from canbo.org.models.unit import Unit, UnitVersion

__all__ = ["Restructuring", "RestructuringLink", "Unit", "UnitVersion"]
