"""nmr: the command line of 新媒体备案库."""
