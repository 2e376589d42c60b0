"""ektp-desk: the front desk of the e-KTP recording drive."""

__version__ = "0.1.0"
