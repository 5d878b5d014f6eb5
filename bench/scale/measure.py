"""Measurements for bench/scale/run: scrapes the controller's /q/metrics (on its management
port), reads /proc for CPU and RSS, and the fleet simulator's results file for the over-ceiling -> output-off latency."""
import json, os, re, sys, time, urllib.request, glob

HZ = os.sysconf("SC_CLK_TCK")


def scrape(port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/q/metrics", timeout=30).read().decode()
    counts, buckets = {}, {}
    for line in text.splitlines():
        m = re.match(r'chargebay_bay_cycle_seconds_count\{bay="([^"]+)",?\} ([0-9.eE+]+)', line)
        if m:
            counts[m.group(1)] = float(m.group(2))
        m = re.match(r'chargebay_bay_cycle_seconds_bucket\{bay="([^"]+)",le="([^"]+)",?\} ([0-9.eE+]+)', line)
        if m:
            buckets.setdefault(m.group(2), 0.0)
            buckets[m.group(2)] += float(m.group(3))
    return counts, buckets


def cpu_times(pid):
    """(user, kernel) CPU seconds of the process."""
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    return int(parts[11]) / HZ, int(parts[12]) / HZ


def cpu_seconds(pid):
    return sum(cpu_times(pid))


def context_switches(pid):
    """Voluntary and involuntary context switches summed over the process's threads."""
    total = 0
    for status in glob.glob(f"/proc/{pid}/task/*/status"):
        try:
            with open(status) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                        total += int(line.split()[1])
        except OSError:
            pass  # a thread that ended meanwhile
    return total


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def snapshot(d, port, ctl, sim):
    counts, buckets = scrape(port)
    return {"t": time.monotonic(), "counts": counts, "buckets": buckets,
            "ctl_cpu": cpu_seconds(ctl), "sim_cpu": cpu_seconds(sim),
            "ctl_kernel_cpu": cpu_times(ctl)[1], "ctl_switches": context_switches(ctl),
            "ctl_rss_mb": rss_mb(ctl), "sim_rss_mb": rss_mb(sim)}


def quantile(buckets, q):
    items = sorted(((float("inf") if k == "+Inf" else float(k)), v) for k, v in buckets.items())
    total = items[-1][1] if items else 0
    for le, c in items:
        if total and c >= q * total:
            return le
    return None


def pct(values, q):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(round(q * (len(v) - 1))))]


def main():
    cmd, d = sys.argv[1], sys.argv[2]
    if cmd in ("start", "end"):
        port, ctl, sim = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        with open(os.path.join(d, cmd + ".json"), "w") as f:
            json.dump(snapshot(d, port, ctl, sim), f)
        return
    if cmd == "report":
        name, n, poll, nhung = sys.argv[3], int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
        a = json.load(open(os.path.join(d, "start.json")))
        b = json.load(open(os.path.join(d, "end.json")))
        dt = b["t"] - a["t"]
        results = [json.loads(l) for l in open(os.path.join(d, "results.jsonl")) if l.strip()]
        hung = {r["bay"] for r in results if r.get("role") == "hung"}
        rates = [(b["counts"].get(bay, 0) - a["counts"].get(bay, 0)) / dt
                 for bay in b["counts"] if bay not in hung]
        delta = {k: b["buckets"].get(k, 0) - a["buckets"].get(k, 0) for k in b["buckets"]}
        lat = [r["latency_ms"] for r in results if r.get("latency_ms") is not None]
        faulted = [r for r in results if r.get("role") == "faulted"]
        heap = None
        try:
            m = re.search(r"used (\d+)K", open(os.path.join(d, "heap.txt")).read())
            heap = int(m.group(1)) / 1024 if m else None
        except OSError:
            pass
        report = {
            "run": name, "bays": n, "poll": poll, "hung": nhung, "seconds": round(dt, 1),
            "polls_per_bay_per_s_mean": round(sum(rates) / len(rates), 2) if rates else None,
            "polls_per_bay_per_s_min": round(min(rates), 2) if rates else None,
            "cycle_p50_ms": round(quantile(delta, 0.5) * 1000, 1) if quantile(delta, 0.5) is not None else None,
            "cycle_p99_ms": round(quantile(delta, 0.99) * 1000, 1) if quantile(delta, 0.99) is not None else None,
            "controller_cpu_cores": round((b["ctl_cpu"] - a["ctl_cpu"]) / dt, 2),
            "simulator_cpu_cores": round((b["sim_cpu"] - a["sim_cpu"]) / dt, 2),
            "controller_kernel_share": round((b["ctl_kernel_cpu"] - a["ctl_kernel_cpu"])
                                             / max(1e-9, b["ctl_cpu"] - a["ctl_cpu"]), 2),
            "controller_cpu_ms_per_cycle": round((b["ctl_cpu"] - a["ctl_cpu"]) * 1000
                                                 / max(1, sum(b["counts"].values()) - sum(a["counts"].values())), 3),
            "controller_switches_per_cycle": round((b["ctl_switches"] - a["ctl_switches"])
                                                   / max(1, sum(b["counts"].values()) - sum(a["counts"].values())), 1),
            "controller_rss_mb": round(b["ctl_rss_mb"]), "simulator_rss_mb": round(b["sim_rss_mb"]),
            "controller_heap_after_gc_mb": round(heap) if heap is not None else None,
            "faulted_bays": len(faulted), "cut_with_latency": len(lat),
            "over_ceiling_to_off_p50_ms": pct(lat, 0.5), "over_ceiling_to_off_p99_ms": pct(lat, 0.99),
        }
        with open(os.path.join(d, "report.json"), "w") as f:
            f.write(json.dumps(report) + "\n")
        return
    if cmd == "table":
        rows = [json.loads(open(p).read()) for p in sorted(glob.glob(os.path.join(d, "*", "report.json")))]
        cols = ["run", "polls_per_bay_per_s_mean", "polls_per_bay_per_s_min", "cycle_p50_ms", "cycle_p99_ms",
                "over_ceiling_to_off_p50_ms", "over_ceiling_to_off_p99_ms", "controller_cpu_cores",
                "simulator_cpu_cores", "controller_kernel_share", "controller_cpu_ms_per_cycle",
                "controller_switches_per_cycle", "controller_heap_after_gc_mb", "controller_rss_mb"]
        print("| " + " | ".join(cols) + " |")
        print("|" + "---|" * len(cols))
        for r in rows:
            print("| " + " | ".join(str(r.get(c)) for c in cols) + " |")


if __name__ == "__main__":
    main()
