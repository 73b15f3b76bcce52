"""Face pipeline latency and memory, per backend, single-threaded (the pure part of issue 9's bench).

    .venv/bin/python bench/face.py [--models DIR] [--faces DIR] [--runs 100] [--numpy-runs 40]
                                   [--backends onnxruntime,opencv,numpy] [--extra-path DIR]

Each backend runs in its own child process (so its RSS is its own) with OMP/OpenBLAS/MKL threads
at 1 and the backend's own thread count at 1. A child measures:
- RSS before and after `FaceModels.load` (the models' memory, runtime libraries included);
- enrolment latency: `enrol()` of a 512x640 JPEG profile photo (decode, detect, align, embed);
- per-event scoring p50/p99: `score()` of a 640x480 JPEG camera-like picture (the rose_leslie_1
  photo letterboxed to 640x480) against an enrolled embedding: decode + detection at 640x480 +
  alignment + quality gate + embedding + cosine. The score itself is printed as a sanity check.
Backends that are not importable are reported as absent. `--extra-path` prepends a directory to
the children's sys.path (e.g. an opencv-python-headless unpacked with `pip install --target`).

Targets (issue 9): onnxruntime scoring p50 <= 25 ms single-threaded; the numpy runner <= 5x that.
The burst / decision-p99 parts of the bench need a running HA and live with the glue.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODELS = Path(os.environ.get("GEM_MODELS_DIR") or ROOT.parent / "shared" / "models")
THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def camera_picture(faces: Path) -> bytes:
    from PIL import Image

    photo = Image.open(faces / "rose_leslie_1.jpg").convert("RGB")  # 640x400
    canvas = Image.new("RGB", (640, 480), (70, 70, 70))
    canvas.paste(photo, (0, 40))
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def child(backend: str, models: Path, faces: Path, runs: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    base = rss_mb()
    import numpy as np  # noqa: F401 - part of the baseline, as HA has it loaded anyway

    from custom_components.gem_access.face.pipeline import FaceModels

    base = rss_mb()
    started = time.perf_counter()
    face_models = FaceModels.load(models, backend)
    load_s = time.perf_counter() - started
    loaded = rss_mb()
    profile = (faces / "obama_1.jpg").read_bytes()
    enrol_ms = []
    for _ in range(max(5, runs // 10)):
        t = time.perf_counter()
        result = face_models.enrol(profile)
        enrol_ms.append((time.perf_counter() - t) * 1000)
    reference = face_models.enrol((faces / "rose_leslie_2.jpg").read_bytes()).embedding
    assert result.embedding is not None and reference is not None
    event = camera_picture(faces)
    for _ in range(3):
        face_models.score(event, reference)
    score_ms = []
    for _ in range(runs):
        t = time.perf_counter()
        scored = face_models.score(event, reference)
        score_ms.append((time.perf_counter() - t) * 1000)
    return {
        "backend": face_models.backend,
        "load_s": load_s,
        "rss_base_mb": base,
        "rss_loaded_mb": loaded,
        "rss_after_mb": rss_mb(),
        "enrol_p50_ms": statistics.median(enrol_ms),
        "score_p50_ms": statistics.median(score_ms),
        "score_p99_ms": percentile(score_ms, 99),
        "score_min_ms": min(score_ms),
        "runs": runs,
        "score": scored.score,
        "similarity": scored.similarity,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--models", type=Path, default=DEFAULT_MODELS)
    parser.add_argument("--faces", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--numpy-runs", type=int, default=40)
    parser.add_argument("--backends", default="onnxruntime,opencv,numpy")
    parser.add_argument("--extra-path", default="")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    faces = args.faces or args.models.parent / "faces"
    if args.child:
        print(json.dumps(child(args.child, args.models, faces, args.runs)))
        return 0

    env = dict(os.environ, **dict.fromkeys(THREAD_VARS, "1"))
    if args.extra_path:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (args.extra_path, env.get("PYTHONPATH", "")) if p
        )
    results: dict[str, dict[str, object] | str] = {}
    for backend in args.backends.split(","):
        runs = args.numpy_runs if backend == "numpy" else args.runs
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                backend,
                "--models",
                str(args.models),
                "--faces",
                str(faces),
                "--runs",
                str(runs),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode:
            results[backend] = "absent: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:120]
        else:
            results[backend] = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; 1 thread per backend")
    header = f"{'backend':12s} {'load s':>7s} {'RSS +MB':>8s} {'enrol p50':>10s} {'score p50':>10s} {'score p99':>10s} {'min':>7s} {'runs':>5s}  score"
    print(header)
    for backend, r in results.items():
        if isinstance(r, str):
            print(f"{backend:12s} {r}")
            continue
        print(
            f"{backend:12s} {r['load_s']:7.2f} {float(r['rss_loaded_mb']) - float(r['rss_base_mb']):8.1f} "  # type: ignore[arg-type]
            f"{r['enrol_p50_ms']:8.1f}ms {r['score_p50_ms']:8.1f}ms {r['score_p99_ms']:8.1f}ms "
            f"{r['score_min_ms']:5.1f}ms {r['runs']:5d}  {r['score']} (cos {float(r['similarity']):.3f})"  # type: ignore[arg-type]
        )
    ort = results.get("onnxruntime")
    if isinstance(ort, dict):
        p50 = float(ort["score_p50_ms"])  # type: ignore[arg-type]
        print(
            f"target onnxruntime score p50 <= 25 ms: {p50:.1f} ms {'MET' if p50 <= 25 else 'MISSED'}"
        )
        numpy_r = results.get("numpy")
        if isinstance(numpy_r, dict):
            ratio = float(numpy_r["score_p50_ms"]) / p50  # type: ignore[arg-type]
            print(
                f"target numpy <= 5x onnxruntime: {ratio:.2f}x {'MET' if ratio <= 5 else 'MISSED'}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
