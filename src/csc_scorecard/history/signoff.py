"""Sign-off: who approved a month's scorecard, and when. A run is DRAFT until signed off.

A sign-off names the run it approved (the latest computed run for that council and month when it
was given). A newer run for the same month is DRAFT again until someone signs it off: the figures
may have changed, and a sign-off only vouches for the figures its signer saw.

Sign-offs are kept in `signoffs.jsonl` in the store folder, one JSON object a line, never edited:
a new sign-off rewrites the file with one more line, atomically (temporary file, fsync, rename).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from csc_scorecard.history.atomic import write_text_atomically
from csc_scorecard.history.store import HistoryStore, HistoryStoreError, Source

SIGNOFFS_NAME = "signoffs.jsonl"
DRAFT, SIGNED_OFF = "DRAFT", "SIGNED OFF"
_PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# Another machine may sign off in the same instant; the write is checked and tried again.
_ATTEMPTS = 3


@dataclass(frozen=True)
class SignOff:
    council: str
    period: str  # "2023-01"
    run_id: str  # the run that was approved
    signed_by: str
    signed_at: datetime  # UTC
    note: str = ""

    def to_json(self) -> str:
        return json.dumps(
            {
                "council": self.council,
                "period": self.period,
                "run_id": self.run_id,
                "signed_by": self.signed_by,
                "signed_at": self.signed_at.isoformat(),
                "note": self.note,
            },
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> SignOff:
        data = json.loads(text)
        return cls(
            council=str(data["council"]),
            period=str(data["period"]),
            run_id=str(data["run_id"]),
            signed_by=str(data["signed_by"]),
            signed_at=datetime.fromisoformat(data["signed_at"]),
            note=str(data.get("note") or ""),
        )


def check_period(period: str) -> str:
    if not _PERIOD.match(period):
        raise ValueError(f"expected a month such as 2023-01; found {period!r}")
    return period


def _signoffs_text(store: HistoryStore) -> str:
    try:
        return (store.folder / SIGNOFFS_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def signoffs(store: HistoryStore) -> list[SignOff]:
    """Every sign-off recorded in the store, oldest first."""
    found = []
    for line in _signoffs_text(store).splitlines():
        if line.strip():
            try:
                found.append(SignOff.from_json(line))
            except (ValueError, KeyError, TypeError):
                continue  # a damaged line (edited by hand) does not hide the others
    return found


def record_signoff(
    store: HistoryStore, council: str, period: str, by: str, note: str = "", at: datetime | None = None
) -> SignOff:
    """Sign off the latest computed run for a council and month; raise if there is none."""
    check_period(period)
    if not by.strip():
        raise ValueError("a sign-off needs the name of the person signing off")
    run = store.latest_run(council, period, Source.COMPUTED)
    if run is None:
        raise HistoryStoreError(
            f"there is no run for council {council}, {period} in the history store {store.folder}; "
            "store the month's results first (csc-scorecard history add)"
        )
    signoff = SignOff(
        council=council,
        period=period,
        run_id=run.run_id,
        signed_by=by.strip(),
        signed_at=(at or datetime.now(UTC)).astimezone(UTC),
        note=note.strip(),
    )
    line = signoff.to_json()
    for _ in range(_ATTEMPTS):
        existing = _signoffs_text(store)
        if existing and not existing.endswith("\n"):
            existing += "\n"
        write_text_atomically(store.folder / SIGNOFFS_NAME, existing + line + "\n")
        # Two people signing off at the same moment on a shared drive: the later rename wins, so
        # check that our line survived and write again if it did not.
        if line in _signoffs_text(store).splitlines():
            return signoff
    raise HistoryStoreError(f"could not record the sign-off in {store.folder / SIGNOFFS_NAME}; try again")


def signoff_status(store: HistoryStore, council: str, period: str) -> SignOff | None:
    """The sign-off of the latest run for a council and month, or None while that run is DRAFT."""
    run = store.latest_run(council, check_period(period), Source.COMPUTED)
    if run is None:
        return None
    approving = [s for s in signoffs(store) if s.run_id == run.run_id and s.council == council]
    return approving[-1] if approving else None


def run_state(store: HistoryStore, council: str, period: str) -> str:
    """ "SIGNED OFF" or "DRAFT"."""
    return SIGNED_OFF if signoff_status(store, council, period) else DRAFT
