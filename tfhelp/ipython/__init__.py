"""The IPython glue: exception hook, %tfhelp magic and configuration (imports IPython)."""
