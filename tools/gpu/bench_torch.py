"""PyTorch (cuBLAS/cuDNN) timings for the shapes gpu-check.ts times, as the reference."""
import json
import sys

import torch


def median_ms(fn, reps=10):
    fn()
    torch.cuda.synchronize()
    times = []
    for _ in range(reps):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2]


def main():
    torch.backends.cuda.matmul.allow_tf32 = False  # float32 like ours
    torch.backends.cudnn.allow_tf32 = False
    dev = torch.device("cuda")
    rows = []
    for n in (256, 512, 1024, 2048, 4096):
        a = torch.randn(n, n, device=dev)
        b = torch.randn(n, n, device=dev)
        ms = median_ms(lambda: a @ b)
        rows.append({"op": "MatMul", "shape": f"{n}x{n}x{n}", "impl": "torch (cuBLAS)", "ms": ms,
                     "gflops": 2 * n**3 / ms / 1e6})
    for nb, hw, ci, co, k in ((1, 56, 64, 64, 3), (32, 56, 64, 64, 3), (32, 28, 128, 128, 3),
                              (32, 14, 256, 256, 3), (32, 112, 32, 64, 1)):
        x = torch.randn(nb, ci, hw, hw, device=dev).to(memory_format=torch.channels_last)
        conv = torch.nn.Conv2d(ci, co, k, padding=k // 2, bias=False).to(dev).to(memory_format=torch.channels_last)
        with torch.no_grad():
            ms = median_ms(lambda: conv(x), reps=5)
        rows.append({"op": "Conv2D", "shape": f"{nb}x{hw}x{hw}x{ci} * {k}x{k}x{ci}x{co}",
                     "impl": "torch (cuDNN, NHWC)", "ms": ms, "gflops": 2 * nb * hw * hw * co * k * k * ci / ms / 1e6})
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name(0)}")
    for r in rows:
        print(f"{r['op']:<8}{r['shape']:<36}{r['impl']:<26}{r['ms']:8.3f}{r['gflops']:10.0f}")
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
