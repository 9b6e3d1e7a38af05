"""Search as the counter uses it: any script, any width, any part of an address."""

from __future__ import annotations

import pytest

from desktop.domain.notice import notice_from_payload
from desktop.listing import NoticeListing
from desktop.queries import NoticeFilter
from desktop.store.ingest import store_notices
from tests.support import sample_payload


@pytest.fixture
def listing(database) -> NoticeListing:
    people = [
        ("田中 太郎", "タナカ タロウ", "東京都昭島市田中町1丁目2番3号"),
        ("髙橋 花子", "タカハシ ハナコ", "東京都福生市熊川2丁目5番8号"),
        ("高橋 一郎", "ﾀｶﾊｼ ｲﾁﾛｳ", "東京都羽村市栄町3丁目1番1号"),
        ("山田 次郎", "やまだ じろう", "東京都昭島市中神町4丁目7番2号"),
    ]
    payloads = [
        sample_payload(
            n + 1,
            user={"name": name, "kana": kana},
            service_address={"postal_code": "1960014", "address": address},
            customer_number=f"00{n}4567",
        )
        for n, (name, kana, address) in enumerate(people)
    ]
    with database.session() as session:
        store_notices(session, [notice_from_payload(p) for p in payloads])
    return NoticeListing(database)


def names(listing: NoticeListing, text: str, **filters) -> list[str]:
    found = listing.find(NoticeFilter(search=text, **filters))
    rows = listing.rows(found.ids)
    return sorted(rows[i].name for i in found.ids)


@pytest.mark.parametrize("typed", ["ﾀﾅｶ", "たなか", "タナカ", "田中", "田中 太"])
def test_name_prefix_in_any_script(listing: NoticeListing, typed: str) -> None:
    assert names(listing, typed) == ["田中 太郎"]


def test_variant_kanji_and_half_width_kana_meet(listing: NoticeListing) -> None:
    assert names(listing, "高橋") == ["高橋 一郎", "髙橋 花子"]
    assert names(listing, "たかはし") == ["高橋 一郎", "髙橋 花子"]


def test_address_text_anywhere(listing: NoticeListing) -> None:
    assert names(listing, "中神町") == ["山田 次郎"]
    assert names(listing, "昭島市") == ["山田 次郎", "田中 太郎"]
    assert names(listing, "栄町3") == ["高橋 一郎"]


def test_receipt_and_customer_numbers(listing: NoticeListing) -> None:
    assert names(listing, "T00000002") == ["髙橋 花子"]
    assert names(listing, "t0000000") == sorted(
        ["田中 太郎", "髙橋 花子", "高橋 一郎", "山田 次郎"]
    )
    assert names(listing, "００２４") == ["高橋 一郎"]


def test_search_combines_with_filters_and_limits(listing: NoticeListing) -> None:
    assert names(listing, "昭島市", statuses=("accepted",)) == []
    found = listing.find(NoticeFilter(search="T0000"), search_limit=2)
    assert found.truncated and len(found.ids) == 2


def test_search_index_follows_address_changes(listing: NoticeListing, database) -> None:
    moved = sample_payload(
        4, version=2, hub_state="changed", user={"name": "山田 次郎", "kana": "ヤマダ ジロウ"}
    )
    moved["service_address"] = {"postal_code": "1970003", "address": "東京都福生市熊川9丁目9番9号"}
    with database.session() as session:
        store_notices(session, [notice_from_payload(moved)])
    assert names(listing, "中神町") == []
    assert names(listing, "熊川9") == ["山田 次郎"]


# -- the most urgent first ------------------------------------------------------

_URGENCY = [  # status, due date: what a clerk should see first comes first here
    ("new", "2026-11-02"),
    ("in_progress", "2026-11-03"),
    ("new", "2026-11-05"),
    ("new", "2026-11-09"),
    ("accepted", "2026-10-01"),  # closed: after every open one, however early
    ("rejected", "2026-10-02"),
    ("cancelled", "2026-10-03"),
]


@pytest.fixture
def crowd(database):
    """Many 田中 notices whose index order (receipt number) is not their urgency."""
    from datetime import date

    from sqlalchemy import update

    from desktop.store.models import NoticeRecord

    order = [4, 6, 0, 5, 2, 1, 3]  # receipt numbers shuffled against urgency
    payloads = [
        sample_payload(n + 1, user={"name": "田中 太郎", "kana": "タナカ タロウ"}) for n in order
    ]
    with database.session() as session:
        store_notices(session, [notice_from_payload(p) for p in payloads])
        for receipt_index, (status, due) in zip(order, _URGENCY, strict=True):
            session.execute(
                update(NoticeRecord)
                .where(NoticeRecord.receipt_number == f"T{receipt_index + 1:08d}")
                .values(status=status, due_date=date.fromisoformat(due))
            )
    return NoticeListing(database), order


def _receipts(listing: NoticeListing, ids) -> list[str]:  # type: ignore[no-untyped-def]
    rows = listing.rows(ids)
    return [rows[i].receipt_number for i in ids]


@pytest.mark.parametrize(
    ("typed", "dense"),
    [
        ("たなか", None),
        ("たなか", "COLLECT_COVERED"),
        ("昭島市", None),
        ("昭島市", "COLLECT_ADDRESS"),
    ],
    ids=["name-few", "name-many", "address-few", "address-many"],
)
def test_capped_search_shows_the_most_urgent_in_the_views_order(
    crowd, typed: str, dense: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop.listing

    if dense:  # the path for a term matching tens of thousands of notices
        monkeypatch.setattr(desktop.listing, dense, 3)
    listing, order = crowd  # every one of them is a 田中 in 昭島市
    found = listing.find(NoticeFilter(search=typed, sort="receipt_number"), search_limit=4)
    most_urgent = {f"T{order[n] + 1:08d}" for n in range(4)}  # the four open ones
    assert found.truncated
    assert set(_receipts(listing, found.ids)) == most_urgent
    assert _receipts(listing, found.ids) == sorted(most_urgent)  # the chosen sort holds
    if dense:
        assert (found.total, found.total_at_least) == (3, True)  # "more than 3"
    else:
        assert (found.total, found.total_at_least) == (7, False)

    by_due = listing.find(NoticeFilter(search=typed, sort="due_date"), search_limit=5)
    rows = listing.rows(by_due.ids)
    assert [rows[i].status for i in by_due.ids] == ["accepted", "new", "in_progress", "new", "new"]


@pytest.mark.parametrize("dense", [None, "COLLECT_COVERED"], ids=["few", "many"])
@pytest.mark.parametrize("descending", [False, True], ids=["due-first", "due-last"])
def test_a_capped_search_by_due_date_is_in_the_databases_own_order(
    crowd, dense: str | None, descending: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ordered by due date without a query: the same order the database gives the same notices."""
    from sqlalchemy import select

    import desktop.listing
    from desktop.queries import ordered
    from desktop.store.models import NoticeRecord

    if dense:
        monkeypatch.setattr(desktop.listing, dense, 3)
    listing, _order = crowd
    spec = NoticeFilter(search="たなか", sort="due_date", descending=descending)
    found = listing.find(spec, search_limit=5)
    assert len(found.ids) == 5
    query = ordered(select(NoticeRecord.id).where(NoticeRecord.id.in_(list(found.ids))), spec)
    with listing.database.engine.connect() as connection:
        assert list(found.ids) == list(connection.execute(query).scalars())


def test_an_address_the_planner_expects_everywhere_is_walked_without_counting(
    crowd, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's estimate alone can send a common address to the urgency walk: same answer."""
    import desktop.listing

    listing, order = crowd
    counted = listing.find(NoticeFilter(search="昭島市", sort="receipt_number"), search_limit=4)
    monkeypatch.setattr(desktop.listing, "_planned_rows", lambda _connection, _query: 10**9)
    walked = listing.find(NoticeFilter(search="昭島市", sort="receipt_number"), search_limit=4)
    assert list(walked.ids) == list(counted.ids)
    assert set(_receipts(listing, walked.ids)) == {f"T{order[n] + 1:08d}" for n in range(4)}
    assert walked.total_at_least  # not counted: "more than"


def test_the_planners_estimate_is_asked_of_postgresql_only(crowd) -> None:
    from desktop.listing import _planned_rows
    from desktop.queries import search_terms

    listing, _order = crowd
    with listing.database.engine.connect() as connection:
        [*_names, address] = search_terms("昭島市", address_index=False)
        estimate = _planned_rows(connection, address.ids)
        if connection.dialect.name == "postgresql":
            assert estimate >= 1
        else:
            assert estimate == 0


def test_capped_search_takes_closed_notices_after_the_open_ones(crowd) -> None:
    listing, _order = crowd
    found = listing.find(NoticeFilter(search="タナカ", sort="due_date"), search_limit=6)
    rows = listing.rows(found.ids)
    assert {rows[i].status for i in found.ids} >= {"accepted", "rejected"}
    assert "cancelled" not in {rows[i].status for i in found.ids}  # the latest closed one
    assert found.total == 7 and found.truncated


def test_uncapped_search_says_how_many(crowd) -> None:
    listing, _order = crowd
    found = listing.find(NoticeFilter(search="田中"))
    assert (found.matches, found.truncated, found.total_at_least) == (7, False, False)


@pytest.mark.parametrize(
    ("typed", "missing"),
    [("昭", 2), ("昭島", 1), ("昭島市", 0), ("ヤ", 0), ("やま", 0), ("MV", 0), ("02", 0)],
)
def test_a_short_address_query_says_how_many_characters_it_needs(
    listing: NoticeListing, typed: str, missing: int
) -> None:
    found = listing.find(NoticeFilter(search=typed))
    assert found.address_chars_missing == missing
    if typed == "昭島":
        assert not found.ids  # no name starts with it: the hint, not "0 件", explains why


# -- every column sorts ---------------------------------------------------------------


@pytest.fixture
def streets(database) -> NoticeListing:
    from datetime import UTC, datetime

    from sqlalchemy import update

    from desktop.store.models import NoticeRecord

    places = [
        ("東京都昭島市牛浜10丁目1番", "", "ウシハマ ジュウ", "move_in", "new", "鈴木"),
        (
            "東京都昭島市牛浜1丁目1番",
            "ハイツ 10号室",
            "ウシハマ イチ",
            "move_out",
            "accepted",
            "佐藤",
        ),
        ("東京都昭島市牛浜２丁目1番", "", "ウシハマ ニ", "move_in", "in_progress", "田中"),
        ("東京都昭島市牛浜1丁目1番", "ハイツ 2号室", "アサヒ", "move_out", "rejected", "伊藤"),
        ("東京都昭島市牛浜三丁目1番", "", "ワタナベ", "move_in", "cancelled", "山本"),
    ]
    payloads = [
        sample_payload(
            n + 1,
            kind=kind,
            user={"name": f"{kana[:2]} {n}", "kana": kana},
            service_address={"postal_code": "1960014", "address": address, "building": building},
            submitted_at=datetime(2026, 11, 10 + (n * 3) % 5, tzinfo=UTC).isoformat(),
        )
        for n, (address, building, kana, kind, _s, _a) in enumerate(places)
    ]
    with database.session() as session:
        store_notices(session, [notice_from_payload(p) for p in payloads])
        for n, (*_rest, status, assignee) in enumerate(places):
            session.execute(
                update(NoticeRecord)
                .where(NoticeRecord.receipt_number == f"T{n + 1:08d}")
                .values(status=status, assignee=assignee)
            )
    return NoticeListing(database)


def test_addresses_sort_by_their_numbers_as_on_the_printed_lists(streets: NoticeListing) -> None:
    found = streets.find(NoticeFilter(sort="address"))
    rows = streets.rows(found.ids)
    assert [rows[i].address for i in found.ids] == [
        "東京都昭島市牛浜1丁目1番 ハイツ 2号室",
        "東京都昭島市牛浜1丁目1番 ハイツ 10号室",
        "東京都昭島市牛浜２丁目1番",
        "東京都昭島市牛浜三丁目1番",
        "東京都昭島市牛浜10丁目1番",
    ]


_WORK_ORDER = ["new", "in_progress", "accepted", "rejected", "cancelled"]  # 未処理 … 取消


def test_every_list_column_sorts_both_ways(streets: NoticeListing, database) -> None:
    from sqlalchemy import select

    from desktop.domain.text import fold_for_search, natural_sort_key
    from desktop.store.models import NoticeRecord

    with database.session() as session:
        records = session.scalars(select(NoticeRecord)).all()
        expected_keys = {
            "receipt_number": lambda r: r.receipt_number,
            "kind": lambda r: r.kind,
            "name": lambda r: fold_for_search(r.name),
            "kana": lambda r: fold_for_search(r.kana),
            "address": lambda r: (natural_sort_key(r.address), natural_sort_key(r.building)),
            "move_date": lambda r: r.move_date,
            "due_date": lambda r: r.due_date,
            "status": lambda r: _WORK_ORDER.index(r.status),
            "assignee": lambda r: r.assignee,
            "submitted_at": lambda r: r.submitted_at,
        }
        for column, key in expected_keys.items():
            for descending in (False, True):
                expected = sorted(records, key=lambda r: (key(r), r.id), reverse=descending)
                found = streets.find(NoticeFilter(sort=column, descending=descending))
                assert list(found.ids) == [r.id for r in expected], (column, descending)
                first = streets.first_page(NoticeFilter(sort=column, descending=descending), size=2)
                assert list(first.ids) == list(found.ids[:2]) and not first.complete


@pytest.mark.parametrize(
    "statuses",
    [("new", "in_progress"), ("accepted", "cancelled"), ("in_progress",), ("rejected", "new")],
)
def test_a_view_of_some_statuses_sorts_by_status_both_ways(
    streets: NoticeListing, database, statuses: tuple[str, ...]
) -> None:
    """The view's statuses narrow the status sort key to a range: the same notices, in order."""
    from sqlalchemy import select

    from desktop.store.models import NoticeRecord

    with database.session() as session:
        records = session.scalars(
            select(NoticeRecord).where(NoticeRecord.status.in_(statuses))
        ).all()
    assert records
    for descending in (False, True):
        spec = NoticeFilter(statuses=statuses, sort="status", descending=descending)
        expected = sorted(
            records, key=lambda r: (_WORK_ORDER.index(r.status), r.id), reverse=descending
        )
        assert list(streets.find(spec).ids) == [r.id for r in expected], descending
        assert list(streets.first_page(spec, size=1).ids) == [expected[0].id]


def test_upgrading_fills_the_address_sort_key(tmp_path) -> None:
    from alembic import command
    from sqlalchemy import text

    from desktop.store.database import Database, _alembic_config
    from desktop.store.sort_keys import address_sort_key

    database = Database(f"sqlite:///{(tmp_path / 'old.sqlite3').as_posix()}")
    config = _alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0009")
    database.migrate()
    with database.session() as session:
        store_notices(session, [notice_from_payload(sample_payload(1))])
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE notices SET address_sort = ''"))
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
        command.upgrade(config, "head")
    with database.engine.connect() as connection:
        stored = connection.execute(text("SELECT address_sort FROM notices")).scalar_one()
    assert stored == address_sort_key("東京都昭島市田中町1丁目2番3号", "コーポ昭島 201")
    database.close()


def test_a_new_address_takes_its_place_in_the_address_order(
    streets: NoticeListing, database
) -> None:
    moved = sample_payload(
        5,
        version=2,
        hub_state="changed",
        user={"name": "ワタ 4", "kana": "ワタナベ"},
        service_address={
            "postal_code": "1960014",
            "address": "東京都昭島市牛浜1丁目1番",
            "building": "",
        },
    )
    with database.session() as session:
        store_notices(session, [notice_from_payload(moved)])
    found = streets.find(NoticeFilter(sort="address"))
    rows = streets.rows(found.ids)
    assert rows[found.ids[0]].receipt_number == "T00000005"  # 牛浜1丁目1番, no building: first


@pytest.mark.parametrize(
    "typed",
    ['"', "%_\\", "'; DROP TABLE notices; --", "ー－", "😀😀😀", "昭" * 400, "NEAR(a b)"],
)
def test_odd_search_text_finds_nothing_and_breaks_nothing(
    listing: NoticeListing, typed: str
) -> None:
    found = listing.find(NoticeFilter(search=typed))
    assert list(found.ids) == [] and not found.truncated
    assert len(listing.find(NoticeFilter()).ids) == 4  # the store is untouched
