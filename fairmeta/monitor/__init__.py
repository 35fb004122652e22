"""Open Science monitoring: from publications to the data and software they share (issue #19, in progress).

:mod:`statements` finds data and code availability statements in text and classifies them, with
the identifiers of the outputs they name.
"""
