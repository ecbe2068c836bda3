"""Static campaign site generator for the Đắk Lắk gender-equality and GBV-prevention campaign."""

__version__ = "0.1.0"
