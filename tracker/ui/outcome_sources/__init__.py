"""The window's outcome sources (issue #18): the background refresh and the dialog."""
