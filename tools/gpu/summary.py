"""One table from gpu-check.json and bench-torch.json: our kernels next to PyTorch's on the
same shapes, and MobileNetV2 on GPU next to the CPU backend. Writes summary.json beside them.
Usage: python3 summary.py <out dir>"""
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    check = load(os.path.join(out, "gpu-check.json")) or {}
    torch = load(os.path.join(out, "bench-torch.json")) or []
    ref = {(r["op"], r["shape"]): r for r in torch}
    rows = []
    for r in check.get("bench", []):
        t = ref.get((r["op"], r["shape"]))
        rows.append({**r, "torch_ms": t and t["ms"], "torch_impl": t and t["impl"],
                     "ours_over_torch": t and r["ms"] / t["ms"]})
    print("\nkernels: ours vs PyTorch (float32, TF32 off), median ms")
    print(f"{'op':<8}{'shape':<36}{'ours':<24}{'ms':>9}{'torch ms':>10}{'x torch':>9}")
    for r in rows:
        tm = "n/a" if r["torch_ms"] is None else f"{r['torch_ms']:.3f}"
        ratio = "n/a" if r["ours_over_torch"] is None else f"{r['ours_over_torch']:.2f}"
        print(f"{r['op']:<8}{r['shape']:<36}{r['impl']:<24}{r['ms']:9.3f}{tm:>10}{ratio:>9}")
    mobile = check.get("mobilenet", [])
    speedups = []
    print("\nMobileNetV2 through Session.run: GPU vs the CPU backend on this machine, median ms")
    for m in sorted({r["model"] for r in mobile}):
        by = {r["device"]: r for r in mobile if r["model"] == m}
        g, c = by.get("GPU"), by.get("CPU")
        if g is None or c is None:
            continue
        speedups.append({"model": m, "gpu_ms": g["medianMs"], "cpu_ms": c["medianMs"],
                         "cpu_over_gpu": c["medianMs"] / g["medianMs"]})
        print(f"{m:<44}GPU {g['medianMs']:9.2f}   CPU {c['medianMs']:9.2f}   "
              f"CPU/GPU {c['medianMs'] / g['medianMs']:.2f}")
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump({"kernels": rows, "mobilenet": speedups,
                   "problems": check.get("problems")}, f, indent=2)


if __name__ == "__main__":
    main()
