"""The 送信結果 (transmission report) of one fax job, from what the queue recorded."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.messages import QT_TRANSLATE_NOOP
from desktop.store.database import Database
from fax.jobs import JobError, document_bytes
from fax.store_models import FaxJob
from fax.tiff import iter_tiff


def transmission_report(
    database: Database,
    job_id: int,
    printed_at: datetime,
    *,
    bureau_name: str = "",
    date_style: str = "era",
) -> Any:
    """The report as a ``printing.common.PrintResult`` (PDF); ``JobError`` for no such job."""
    from printing.fax_report import (
        CallLine,
        PageLine,
        TransmissionReport,
        render_transmission_report,
    )

    with database.session() as session:
        job = session.get(FaxJob, job_id)
        if job is None:
            raise JobError(
                "fax_job_unknown",
                QT_TRANSLATE_NOOP("CoreMessages", "ファクスのジョブ {job} はありません"),
                job=job_id,
            )
        try:
            first = next(iter_tiff(document_bytes(job))).bitmap
        except (OSError, ValueError, JobError, StopIteration):
            first = None
        report = TransmissionReport(
            job_id=job.id,
            number=job.number,
            state=job.state,
            page_count=job.page_count,
            created_at=job.created_at,
            bureau_name=bureau_name,
            subject=job.subject,
            remote_id=job.remote_id,
            created_by=job.created_by,
            finished_at=job.finished_at,
            message=job.last_error,
            pages=[PageLine(p.page_number, p.state, p.result, p.attempts) for p in job.pages],
            calls=[
                CallLine(
                    c.started_at,
                    c.ended_at,
                    c.outcome,
                    c.message,
                    c.pages_sent,
                    c.bit_rate,
                    c.coding,
                )
                for c in job.calls
            ],
            first_page=first,
            resolution=job.resolution,
            printed_at=printed_at,
            date_style=date_style,  # type: ignore[arg-type]
        )
    return render_transmission_report(report)
