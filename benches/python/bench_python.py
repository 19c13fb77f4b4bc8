"""chargeshift's Python package against its peers, in one process, as ratios (issue 16).

    python benches/python/bench_python.py [--charge-points 100000] [--frames 20000] [--repeat 3]

Needs the release wheel of chargeshift and the pinned pandas, pyarrow, networkx and ocpp
(bindings-py/requirements-dev.txt). Each figure is the best of at least `--repeat` runs, and of
as many more as fit in one second (as `timeit` does for short calls: a call of 5 ms is timed
about 200 times, one of 0.6 s `--repeat` times), so a call that a shared machine delays once is
not its figure; each goal is a ratio against the peer measured in the same run, so the machine's
noise mostly cancels.

1. OCPP 1.6 CALLs, strictly validated: `chargeshift.check_frames` of the frames against the PyPI
   `ocpp` library's `unpack` + `_validate_payload` of each (goal: at least 100x).
2. The same for CALLRESULTs, typed by the action of the CALL each answers (goal: at least 100x).
   Both also with the frames (and actions) as Arrow string arrays, read without a `str` each.
3. Connected components of the same generated fleet: `Fleet.component_labels()` against
   `networkx.connected_components` of `Fleet.to_networkx()` (construction excluded; goal: 50x);
   also the first call on a fleet, which makes the kind and id columns that later calls share.
4. `Fleet.from_pandas` of the fleet's DataFrames against `pandas.read_csv` of the same CSV bundle
   (goal: within 2x, i.e. a ratio of at most 2).
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import chargeshift


def best(f: Callable[[], Any], repeat: int, budget: float = 1.0) -> float:
    """The shortest of at least `repeat` calls of `f`, and of more until `budget` seconds pass."""
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < repeat or time.perf_counter() - start < budget:
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


def frames_16(n: int, seed: int = 7) -> tuple[list[str], list[str], list[str]]:
    """`n` realistic OCPP 1.6 CALLs, and `n` CALLRESULTs with the action each answers."""
    rng = random.Random(seed)
    calls, results, actions = [], [], []
    for i in range(n):
        mid = f"{i:08d}"
        pick = i % 6
        if pick == 0:
            call = ["BootNotification", {"chargePointVendor": "Alfen", "chargePointModel": "Eve Single Pro-line",
                                         "chargePointSerialNumber": f"AL{i:08d}", "firmwareVersion": "6.2.0"}]
            result = {"status": "Accepted", "currentTime": "2026-01-01T00:00:00Z", "interval": 300}
        elif pick == 1:
            call = ["Heartbeat", {}]
            result = {"currentTime": "2026-01-01T00:00:00Z"}
        elif pick == 2:
            call = ["StatusNotification", {"connectorId": 1 + i % 2, "errorCode": "NoError",
                                           "status": rng.choice(["Available", "Charging", "Preparing"]),
                                           "timestamp": "2026-01-01T00:00:00Z"}]
            result = {}
        elif pick == 3:
            call = ["MeterValues", {"connectorId": 1, "transactionId": i, "meterValue": [
                {"timestamp": "2026-01-01T00:00:00Z", "sampledValue": [
                    {"value": str(rng.randint(0, 99999)), "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
                    {"value": str(rng.randint(0, 22000)), "measurand": "Power.Active.Import", "unit": "W"}]}]}]
            result = {}
        elif pick == 4:
            call = ["StartTransaction", {"connectorId": 1, "idTag": f"TAG{i:06d}", "meterStart": rng.randint(0, 9999),
                                         "timestamp": "2026-01-01T00:00:00Z"}]
            result = {"transactionId": i, "idTagInfo": {"status": "Accepted"}}
        else:
            call = ["Authorize", {"idTag": f"TAG{i:06d}"}]
            result = {"idTagInfo": {"status": "Accepted", "expiryDate": "2027-01-01T00:00:00Z"}}
        calls.append(json.dumps([2, mid, call[0], call[1]]))
        results.append(json.dumps([3, mid, result]))
        actions.append(call[0])
    return calls, results, actions


def bench_ocpp(n: int, repeat: int) -> list[tuple[str, float, float, str]]:
    from ocpp.messages import _validate_payload, unpack

    calls, results, actions = frames_16(n)

    def peer_calls() -> None:
        for text in calls:
            _validate_payload(unpack(text), "1.6")

    def peer_results() -> None:
        for text, action in zip(results, actions):
            message = unpack(text)
            message.action = action
            _validate_payload(message, "1.6")

    def ours_calls() -> None:
        table = chargeshift.check_frames(calls, version="1.6")
        assert len(table) == n

    def ours_results() -> None:
        table = chargeshift.check_frames(results, version="1.6", sender="csms", action=actions)
        assert len(table) == n

    # both sides agree that every frame is valid
    peer_calls()
    peer_results()
    import pyarrow as pa

    assert all(pa.table(chargeshift.check_frames(calls, version="1.6")).column("valid").to_pylist())
    assert all(pa.table(chargeshift.check_frames(results, version="1.6", sender="csms", action=actions))
               .column("valid").to_pylist())
    # the same frames as an Arrow column (a log read with pyarrow, or a pandas column of Arrow
    # strings): read without a Python str per frame
    calls_arrow, results_arrow, actions_arrow = pa.array(calls), pa.array(results), pa.array(actions)

    def ours_calls_arrow() -> None:
        assert len(chargeshift.check_frames(calls_arrow, version="1.6")) == n

    def ours_results_arrow() -> None:
        table = chargeshift.check_frames(results_arrow, version="1.6", sender="csms", action=actions_arrow)
        assert len(table) == n

    out = []
    for name, peer, ours in (("calls", peer_calls, ours_calls), ("results", peer_results, ours_results),
                             ("calls from Arrow", peer_calls, ours_calls_arrow),
                             ("results from Arrow", peer_results, ours_results_arrow)):
        p, o = best(peer, repeat), best(ours, repeat)
        out.append((f"OCPP 1.6 {name}: check_frames vs ocpp _validate_payload ({n} frames)", p, o, ">= 100x"))
    return out


def bench_components(fleet: chargeshift.Fleet, repeat: int) -> list[tuple[str, float, float, str]]:
    import networkx as nx

    graph = fleet.to_networkx()  # construction excluded
    assert graph.number_of_nodes() == fleet.node_count
    peer = best(lambda: list(nx.connected_components(graph)), repeat)
    ours = best(lambda: fleet.component_labels(), repeat)
    labels = fleet.component_labels()
    assert len(labels) == fleet.node_count
    # the first call on a fleet also makes its kind and id columns (later calls share them)
    fresh = [copy.deepcopy(fleet) for _ in range(repeat)]
    first = min(best(f.component_labels, 1, budget=0) for f in fresh)
    return [(f"components: component_labels vs networkx connected_components ({fleet.node_count} nodes)",
             peer, ours, ">= 50x"),
            (f"components, first call on a fleet: the same ({fleet.node_count} nodes)", peer, first, ">= 50x")]


def bench_from_pandas(fleet: chargeshift.Fleet, repeat: int) -> tuple[str, float, float, str]:
    import pandas as pd

    with tempfile.TemporaryDirectory() as folder:
        fleet.write_csv(folder)
        paths = sorted(Path(folder).glob("*.csv"))

        def peer() -> None:
            for p in paths:
                pd.read_csv(p, dtype=str, keep_default_na=False)

        frames = fleet.to_pandas()
        peer_t = best(peer, repeat)
        ours_t = best(lambda: chargeshift.Fleet.from_pandas(frames), repeat)
        assert chargeshift.Fleet.from_pandas(frames) == fleet
    return (f"Fleet.from_pandas vs pandas.read_csv of the bundle ({len(paths)} files)", peer_t, ours_t, ">= 0.5x (within 2x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--charge-points", type=int, default=100_000)
    parser.add_argument("--frames", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = bench_ocpp(args.frames, args.repeat)
    fleet = chargeshift.Fleet.generate(args.charge_points, seed=1)
    rows.extend(bench_components(fleet, args.repeat))
    rows.append(bench_from_pandas(fleet, args.repeat))
    print(f"chargeshift {chargeshift.__version__}, Python {sys.version.split()[0]}, best of {args.repeat}")
    print(f"{'what':<90} {'peer s':>9} {'ours s':>9} {'speed-up':>9}  goal")
    for name, peer, ours, goal in rows:
        print(f"{name:<90} {peer:>9.4f} {ours:>9.4f} {peer / ours:>8.1f}x  {goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
