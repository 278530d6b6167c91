import os, subprocess, pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TANGLE = os.environ.get("TANGLE_BIN", os.path.join(ROOT, ".build", "debug", "tangle"))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")
PEERS = os.path.join(os.path.dirname(ROOT), "shared", "peers")

def run(*args, input=None, check=False, timeout=120):
    """Runs tangle; returns CompletedProcess with text output."""
    r = subprocess.run([TANGLE, *args], input=input, capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise AssertionError(f"tangle {' '.join(args)} failed ({r.returncode}): {r.stderr}")
    return r

@pytest.fixture
def tangle():
    return run
