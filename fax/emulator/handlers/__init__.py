"""pyserial URL handlers for the emulated modem (``movedesk-modem://LINE/NUMBER``)."""
