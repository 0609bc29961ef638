"""Use cases over the database: each function takes an SQLAlchemy session."""
