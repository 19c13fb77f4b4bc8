"""Connected components of a generated chargeshift fleet in NetworkX, for comparison with
`Fleet::components(LinkKinds::CONNECTIONS)` on the same graph.

The edge list comes from Rust (node indices, connections only, a `# nodes N` first line):

    cargo run --release -p chargeshift-graph --example fleet_tool -- generate 100000 1 /tmp/fleet100k
    cargo run --release -p chargeshift-graph --example fleet_tool -- edges /tmp/fleet100k/fleet.json /tmp/fleet100k/edges.tsv
    python benches/networkx/components.py /tmp/fleet100k/edges.tsv

Prints the number of components and the median time of `nx.number_connected_components` over
five runs (graph construction not included, as in the Rust benchmark).
"""

import statistics
import sys
import time

import networkx as nx


def main(path: str) -> None:
    with open(path) as f:
        first = f.readline()
        n = int(first.split()[-1])
        g = nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from((int(a), int(b)) for a, b in (line.split() for line in f))
    times = []
    count = 0
    for _ in range(5):
        t = time.perf_counter()
        count = nx.number_connected_components(g)
        times.append(time.perf_counter() - t)
    print(f"nodes {g.number_of_nodes()} edges {g.number_of_edges()} components {count}")
    print(f"networkx {nx.__version__} number_connected_components median {statistics.median(times) * 1e3:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1])
