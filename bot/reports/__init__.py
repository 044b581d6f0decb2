"""Reports on the pilots: the mid-term evaluation (中期评估) as a PDF and as an Excel workbook."""
