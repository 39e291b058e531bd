"""The Qt user interface: windows, thin item models and undo commands."""
