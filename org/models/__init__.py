from org.models.restructuring import Restructuring, RestructuringLink
from org.models.unit import Unit, UnitVersion

__all__ = ["Restructuring", "RestructuringLink", "Unit", "UnitVersion"]
