"""Pure numpy core of the kostprijsmodel: no I/O, no printing, no Python loop per product."""
