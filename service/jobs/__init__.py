"""Jobs on a PostgreSQL-backed queue (procrastinate): the weekly digest and large imports."""
