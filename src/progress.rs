//! A progress bar for long runs, drawn on standard error only when it is a terminal.
