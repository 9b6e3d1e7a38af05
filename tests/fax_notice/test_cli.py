"""``movedesk fax read-notice IN.tif``, called through its handler and its parser."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest

from desktop.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from desktop.cli.notice_code_commands import add_read_notice, cmd_read_notice
from desktop.domain.notice import notice_to_payload
from fax.tiff import write_tiff
from printing.fax_notice import payload_code_parts
from tests.fax_notice import code_bitmap, fax_pages, payload, sample_notice

NO_CONTEXT = object()  # the command needs no database or hub


def _run(path: Path, *, pretty: bool = False) -> int:
    return cmd_read_notice(argparse.Namespace(file=str(path), pretty=pretty), NO_CONTEXT)


def _tiff(tmp_path: Path, pages: list[np.ndarray], resolution: str = "standard") -> Path:
    path = tmp_path / "in.tif"
    write_tiff(path, pages, compression="mh", resolution=resolution)
    return path


def test_prints_the_notice_as_utf8_json(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    notice = sample_notice()
    path = _tiff(tmp_path, [fax_pages(notice, "standard")[0]])
    assert _run(path) == EXIT_OK
    out = capfd.readouterr().out
    assert "𠮷田 髙﨑" in out  # not \u escapes
    assert out.count("\n") == 1
    assert json.loads(out) == json.loads(json.dumps(notice_to_payload(notice)))


def test_pretty_output_is_indented(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    path = _tiff(tmp_path, [fax_pages(sample_notice(), "fine")[0]], "fine")
    assert _run(path, pretty=True) == EXIT_OK
    out = capfd.readouterr().out
    assert '\n  "receipt_number": "R2026-000123"' in out
    assert json.loads(out)["user"]["kana"] == "ヨシダ タカサキ"


def test_no_notice_code(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    path = _tiff(tmp_path, [np.zeros((1143, 1728), dtype=np.uint8)] * 2)
    assert _run(path) == EXIT_FAILED
    captured = capfd.readouterr()
    assert captured.out == ""
    assert "no notice code found" in captured.err and "2 page(s)" in captured.err


def test_invalid_notice_names_its_problems(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    content = payload_code_parts(payload(kind="teleport"))[0]
    path = _tiff(tmp_path, [code_bitmap(content, "standard")])
    assert _run(path) == EXIT_FAILED
    err = capfd.readouterr().err
    assert "page 1" in err and "R2026-000123" in err and "teleport" in err


def test_damaged_code_is_named(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    parts = payload_code_parts(payload(), part_capacity=200)
    path = _tiff(tmp_path, [code_bitmap(parts[0], "standard")])
    assert _run(path) == EXIT_FAILED
    assert f"part(s) 2 of {len(parts)} are missing" in capfd.readouterr().err


def test_missing_and_unreadable_files(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    assert _run(tmp_path / "nothing.tif") == EXIT_USAGE
    junk = tmp_path / "junk.tif"
    junk.write_bytes(b"not a tiff at all")
    assert _run(junk) == EXIT_FAILED
    assert "cannot be read as a fax TIFF" in capfd.readouterr().err
    cut = tmp_path / "cut.tif"
    cut.write_bytes(_tiff(tmp_path, [np.zeros((50, 1728), dtype=np.uint8)]).read_bytes()[:200])
    assert _run(cut) == EXIT_FAILED
    assert "cannot be read as a fax TIFF" in capfd.readouterr().err


def test_add_read_notice_joins_an_existing_fax_group(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser(prog="movedesk")
    commands = parser.add_subparsers(dest="command")
    fax = commands.add_parser("fax").add_subparsers(dest="fax_command", required=True)
    fax.add_parser("send")
    add_read_notice(fax)
    args = parser.parse_args(["fax", "read-notice", "IN.tif", "--pretty"])
    assert args.handler is cmd_read_notice
    assert (args.file, args.pretty) == ("IN.tif", True)
