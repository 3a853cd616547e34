"""Statistics over numpy arrays: associations, regression, time of day, calibration (METHODS.md).
May import numpy, math and ``tracker.domain``; never scipy (see ``distributions``) or the store."""
