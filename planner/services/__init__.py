"""Use cases over the database and the outside world (road router, mail)."""
