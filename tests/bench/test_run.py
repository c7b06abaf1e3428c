"""`make bench`'s reading of wrk's report."""

from bench.run import parse_wrk

REPORT = """Running 5s test @ http://127.0.0.1:8765/
  2 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     9.91ms    3.02ms  40.11ms   74.20%
  Latency Distribution
     50%    9.57ms
     75%   11.32ms
     90%   13.52ms
     99%   16.68ms
  1978 requests in 5.00s, 60.12MB read
Requests/sec:    395.60
Transfer/sec:     12.02MB
"""


def test_a_report_gives_the_rate_and_latencies():
    assert parse_wrk(REPORT) == {"rps": 395.6, "p50_ms": 9.57, "p99_ms": 16.68, "errors": 0}


def test_the_page_cache_hits_a_script_counted_are_read():
    report = REPORT + "Page-cache hits: 12 of 1978\n"

    assert parse_wrk(report)["page_cache_hits"] == 12
