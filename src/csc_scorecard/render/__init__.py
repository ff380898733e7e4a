"""Rendering: the report model and its outputs (HTML, PDF, Excel, CSV/Parquet). docs/report.md.

`formats` is the one place numbers become text; `report_model.build_report_model` turns assessed
results into a render-agnostic `ReportModel`; `outputs.render_report(model, out_dir, formats, data=...)`
writes the files; `disclosure.suppress` applies public-mode suppression to the results first.
"""

from __future__ import annotations
