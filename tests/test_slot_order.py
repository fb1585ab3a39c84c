"""Waiting queries are served cheapest-expected first, within bounds (service.sparql.limits)."""

from __future__ import annotations

import os
import threading
import time

from service.queries.binding import bind_values
from service.queries.library import load_library
from service.sparql import limits
from service.sparql.slot_costs import SlotCosts, query_shape


def _wait_for_line(limiter: limits.ConcurrencyLimiter, length: int) -> None:
    deadline = time.monotonic() + 5
    while len(limiter._line) < length and time.monotonic() < deadline:
        time.sleep(0.001)
    assert len(limiter._line) == length


def _serve_in_turn(
    limiter: limits.ConcurrencyLimiter, shapes: list[str], gap: float = 0.0
) -> list[str]:
    """Hold the only slot, let queries of ``shapes`` queue in that order (``gap`` seconds
    apart), free the slot and return the order in which they got it."""
    served: list[str] = []

    def ask(shape: str) -> None:
        with limiter.slot(wait=10, shape=shape):
            served.append(shape)

    threads = []
    with limiter.slot():
        for number, shape in enumerate(shapes):
            threads.append(threading.Thread(target=ask, args=(shape,)))
            threads[-1].start()
            _wait_for_line(limiter, number + 1)
            time.sleep(gap)
    for thread in threads:
        thread.join(10)
    return served


def test_a_cheap_query_goes_before_a_costly_one_that_waited_first(tmp_path) -> None:  # noqa: ANN001
    limiter = limits.ConcurrencyLimiter(1, tmp_path)
    limiter.costs.record("group-by", 0.5)
    limiter.costs.record("look-up", 0.004)
    assert _serve_in_turn(limiter, ["group-by", "look-up"]) == ["look-up", "group-by"]


def test_queries_of_equal_cost_are_served_in_order_of_arrival(tmp_path) -> None:  # noqa: ANN001
    limiter = limits.ConcurrencyLimiter(1, tmp_path)
    for shape in "abcd":
        limiter.costs.record(shape, 0.01)
    assert _serve_in_turn(limiter, list("abcd"), gap=0.002) == list("abcd")


def test_the_head_start_of_cheap_queries_is_bounded(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """A query expected to take 5 s is not overtaken by one arriving after MAX_HEAD_START."""
    monkeypatch.setattr(limits, "MAX_HEAD_START", 0.05)
    limiter = limits.ConcurrencyLimiter(1, tmp_path)
    limiter.costs.record("export", 5.0)
    assert _serve_in_turn(limiter, ["export", "new question"], gap=0.1) == [
        "export",
        "new question",
    ]
    limiter.costs.record("export", 5.0)
    assert _serve_in_turn(limiter, ["export", "new question"], gap=0.0) == [
        "new question",
        "export",
    ]


def test_a_waiting_query_still_gives_up_after_its_wait(tmp_path) -> None:  # noqa: ANN001
    limiter = limits.ConcurrencyLimiter(1, tmp_path)
    with limiter.slot():
        started = time.monotonic()
        try:
            with limiter.slot(wait=0.2, shape="x"):
                raise AssertionError("the slot was held")
        except limits.TooBusy as error:
            assert "All 1 query slots are busy" in str(error)
        assert 0.2 <= time.monotonic() - started < 2
        assert limiter._line == []  # it left the line


def test_the_limiter_learns_how_long_each_shape_held_its_slot(tmp_path) -> None:  # noqa: ANN001
    limiter = limits.ConcurrencyLimiter(2, tmp_path)
    assert limiter.costs.expected("scan") == 0.0  # new shapes are not kept waiting
    with limiter.slot(shape="scan"):
        time.sleep(0.05)
    assert 0.05 <= limiter.costs.expected("scan") < 1


def test_slot_costs_keep_a_moving_average_of_a_bounded_number_of_shapes() -> None:
    costs = SlotCosts(max_shapes=2)
    costs.record("a", 1.0)
    costs.record("a", 0.0)
    assert costs.expected("a") == 0.7  # 30% weight for the latest
    costs.record("b", 0.2)
    costs.record("c", 0.3)  # forgets the least recently recorded: "a"
    assert (costs.expected("a"), costs.expected("b"), costs.expected("c")) == (0.0, 0.2, 0.3)


def test_a_named_query_has_one_shape_whatever_its_parameters() -> None:
    query = load_library()["references-of-module"]
    module = "https://w3id.org/gkg/module/borstkanker/{}"
    texts = [
        bind_values(query.sparql, query.bind({"module": module.format(number)}), inner=True)
        for number in ("10.1.1", "10.2", "7")
    ]
    assert len({query_shape(text) for text in texts}) == 1
    other = load_library()["citations-in-module"]
    assert query_shape(other.sparql) != query_shape(query.sparql)


def test_long_texts_are_shaped_by_their_start_and_length() -> None:
    start = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 20_000
    assert query_shape(start + "a") == query_shape(start + "b")
    assert query_shape(start) != query_shape(start + "y" * 2048)
    assert query_shape('ASK { ?s ?p "a" }') == query_shape("ASK { ?s ?p 'b' }")
    assert query_shape("ASK { ?s ?p 1 }") == query_shape("ASK { ?s ?p -2.5e3 }")
    assert query_shape("ASK { ?s ?p ?o }") != query_shape("ASK { ?s ?q ?o }")


def test_costly_queries_leave_the_last_slot_to_quick_ones(tmp_path) -> None:  # noqa: ANN001
    limiter = limits.ConcurrencyLimiter(2, tmp_path)
    limiter.costs.record("scan", 0.5)
    with limiter.slot() as shared:  # a new shape counts as quick; it takes the shared slot
        assert shared == 0
        try:
            with limiter.slot(wait=0.1, shape="scan"):
                raise AssertionError("a costly query took the quick queries' slot")
        except limits.TooBusy:
            pass
        with limiter.slot(wait=0.1, shape="look-up") as express:
            assert express == 1
    with limiter.slot(shape="scan") as number:  # the shared slot is free again
        assert number == 0


def test_a_quick_query_behind_a_costly_one_in_line_takes_the_quick_slot(
    tmp_path, monkeypatch
) -> None:  # noqa: ANN001, E501
    monkeypatch.setattr(limits, "MAX_HEAD_START", 0.01)
    limiter = limits.ConcurrencyLimiter(2, tmp_path)
    limiter.costs.record("scan", 0.5)
    release = {number: threading.Event() for number in (0, 1)}
    holding = threading.Barrier(3)
    served: list[str] = []

    def hold() -> None:
        with limiter.slot() as number:
            holding.wait(5)
            release[number].wait(5)

    def ask(shape: str) -> None:
        with limiter.slot(wait=10, shape=shape):
            served.append(shape)

    holders = [threading.Thread(target=hold) for _ in range(2)]
    for thread in holders:
        thread.start()
    holding.wait(5)  # both slots held
    costly = threading.Thread(target=ask, args=("scan",))
    costly.start()
    _wait_for_line(limiter, 1)
    time.sleep(0.05)  # the costly query's turn has come: it is first in line
    quick = threading.Thread(target=ask, args=("look-up",))
    quick.start()
    _wait_for_line(limiter, 2)
    assert limiter._line[0].quick is False
    release[1].set()  # the quick queries' slot comes free: the quick query takes it
    quick.join(5)
    assert served == ["look-up"]
    release[0].set()
    costly.join(5)
    assert served == ["look-up", "scan"]
    for thread in holders:
        thread.join(5)


def test_escaped_quotes_belong_to_their_string() -> None:
    assert query_shape("ASK { ?s ?p 'a\\'b' }") == query_shape("ASK { ?s ?p 'c' }")
    assert query_shape('ASK { ?s ?p "a\\"b" }') == query_shape('ASK { ?s ?p "c" }')
    # a quote after a backslash outside a string starts no string (this input had taken 1.5 s
    # when every escaped quote started a new scan to the end of the line)
    assert len(query_shape("'" + "\\'" * 8000)) == 16


def test_a_freed_slot_wakes_only_the_front_of_the_line(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """Of 16 queries waiting for one slot, only the first in line keeps trying: the others
    look once when they arrive and again only when they reach the front."""
    limiter = limits.ConcurrencyLimiter(1, tmp_path)
    idle_looks = []
    candidates = limiter._candidates

    def counted(place):  # noqa: ANN001, ANN202
        found = candidates(place)
        if not found:
            idle_looks.append(place.ticket)
        return found

    monkeypatch.setattr(limiter, "_candidates", counted)
    served: list[int] = []

    def ask(number: int) -> None:
        with limiter.slot(wait=10, shape="look-up"):
            served.append(number)

    threads = [threading.Thread(target=ask, args=(number,)) for number in range(16)]
    with limiter.slot():
        for number, thread in enumerate(threads):
            thread.start()
            _wait_for_line(limiter, number + 1)
        time.sleep(0.1)  # the first in line tries every few milliseconds meanwhile
    for thread in threads:
        thread.join(10)
    assert served == list(range(16))
    assert sorted(idle_looks) == list(range(1, 16))  # one look each, none for the first


def test_a_slot_held_by_one_thread_is_not_taken_by_another_of_the_same_process(tmp_path) -> None:  # noqa: ANN001, E501
    """The slot files stay open, one descriptor a process; the limiter still gives each slot
    to one thread at a time."""
    limiter = limits.ConcurrencyLimiter(2, tmp_path)
    with limiter.slot() as first, limiter.slot() as second:
        assert {first, second} == {0, 1}
        try:
            with limiter.slot(wait=0.05):
                raise AssertionError("a third slot was handed out")
        except limits.TooBusy:
            pass
    with limiter.slot() as again:  # both are free again
        assert again == 0


def test_a_forked_process_does_not_share_the_slots_held_by_its_parent(tmp_path) -> None:  # noqa: ANN001
    """A copy made by fork opens the slot files anew: a lock held through a descriptor it
    inherited is its parent's, not one it may take."""
    limiter = limits.ConcurrencyLimiter(1, tmp_path)
    with limiter.slot():  # the slot file is now open in this process
        pass
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the copy: wait until the parent holds the slot, then try to take it
        os.read(reading, 1)
        try:
            with limiter.slot(wait=0.05):
                os._exit(1)  # took the slot its parent holds
        except limits.TooBusy:
            os._exit(0)
        os._exit(2)
    with limiter.slot():
        os.write(writing, b"x")
        _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_a_process_forked_while_a_slot_is_held_leaves_the_parents_lock_be(tmp_path) -> None:  # noqa: ANN001, E501
    """A copy forked inside the ``with`` block leaves it too; the slot stays its parent's."""
    limiter = limits.ConcurrencyLimiter(1, tmp_path)
    other_process = limits.ConcurrencyLimiter(1, tmp_path)
    child = -1
    try:
        with limiter.slot():
            child = os.fork()
            if child:  # the parent, still holding the slot, once the copy has left the block
                _, status = os.waitpid(child, 0)
                assert os.waitstatus_to_exitcode(status) == 0
                try:
                    with other_process.slot(wait=0.05):
                        raise AssertionError("the copy freed its parent's slot")
                except limits.TooBusy:
                    pass
    except BaseException:
        if child == 0:
            os._exit(1)
        raise
    if child == 0:
        os._exit(0)
