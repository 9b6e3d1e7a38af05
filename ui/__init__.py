"""The MoveDesk window: PySide6 only; the work itself happens in ``desktop``."""
