"""Lambda runtimes and their measured init times: the ZIP-package figures of the public
lambda-perf benchmark (2026-07-24 to 2026-08-22, 512 MB, hello-world functions). Kept with the
models because every layer names runtimes: the workload file, `advisor init`, discovery and the
cold-start model."""

from __future__ import annotations

# runtime: (x86_64 p50, p90, p99), (arm64 p50, p99), in ms
INIT_MS: dict[str, tuple[tuple[float, float, float], tuple[float, float]]] = {
    "nodejs22.x": ((140, 160, 183), (130, 167)),
    "nodejs24.x": ((134, 152, 180), (124, 170)),
    "python3.12": ((84, 98, 137), (81, 121)),
    "python3.13": ((84, 97, 117), (80, 104)),
    "python3.14": ((107, 135, 237), (102, 160)),
    "java17": ((204, 228, 346), (218, 542)),
    "java21": ((239, 279, 590), (251, 590)),
    "java25": ((190, 262, 443), (199, 447)),
    "dotnet8": ((251, 330, 619), (299, 751)),
    "dotnet10": ((250, 371, 684), (251, 713)),
    "dotnet8-aot": ((86, 93, 114), (78, 105)),
    "go": ((50, 53, 62), (43, 53)),
    "rust": ((16, 22, 49), (14, 45)),
    "ruby3.4": ((228, 399, 539), (250, 463)),
    "llrt": ((67, 73, 82), (63, 73)),
}
"""Init duration percentiles by runtime (`provided.al2023` runtimes by language)."""
