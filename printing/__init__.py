"""Printed documents: data in, PDF bytes out (ReportLab, fonts embedded, no Qt)."""
