"""csc-scorecard: a council's monthly children's services Performance and Quality Assurance Scorecard
from its case-level data."""

__version__ = "0.1.0"
