"""``briefing serve``: a reading room over SSH.

Every connection gets its own reader: a child process running the normal
``briefing`` on a pseudo-terminal, bridged to the SSH channel. No Textual here.
"""
