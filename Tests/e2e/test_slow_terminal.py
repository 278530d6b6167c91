"""The explorer against a terminal whose answers come late (a slow SSH link):
a pty driven from here, answering the start-up queries at once and every
later DA1 probe only after a delay, as a remote terminal would."""
import os, pty, select, signal, struct, fcntl, termios, time
from conftest import TANGLE

DELAY = 0.8  # seconds before each probe's answer (a long round trip: longer than quitting takes)
DA1 = b"\x1b[c"
ANSWER = b"\x1b[?62;4;22c"

def drive(seconds_running=2.0):
    """Runs `tangle demo:lesmis` then `cat -v` on the same terminal (what a
    shell would see next); returns everything the terminal showed and the
    number of probes answered."""
    script = f"{TANGLE} demo:lesmis --graphics blocks; echo; echo TANGLE-EXIT=$?; timeout 2 cat -v; echo END"
    pid, fd = pty.fork()
    if pid == 0:
        os.execve("/bin/sh", ["/bin/sh", "-c", script],
                  dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", XDG_CONFIG_HOME="/nonexistent"))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 1200, 800))
    shown, due, answered = b"", [], 0
    start, quit_sent = time.time(), False
    try:
        while True:
            now = time.time()
            for t in [t for t in due if t <= now]:
                os.write(fd, ANSWER); due.remove(t); answered += 1
            if not quit_sent and now - start > seconds_running:
                os.write(fd, b"q"); quit_sent = True
            r, _, _ = select.select([fd], [], [], 0.02)
            if r:
                try: data = os.read(fd, 1 << 16)
                except OSError: break
                if not data: break
                # Start-up: the detection's DA1 is answered at once; later probes late.
                n = data.count(DA1)
                if n and answered == 0 and not due:
                    os.write(fd, ANSWER); answered += 1; n -= 1
                due += [now + DELAY] * n
                shown += data
            if b"END" in shown or now - start > 30: break
    finally:
        try: os.kill(pid, signal.SIGKILL)
        except ProcessLookupError: pass
        os.waitpid(pid, 0); os.close(fd)
    return shown.decode("utf-8", "replace"), answered

def test_answers_owed_at_quit_never_reach_the_shell():
    shown, answered = drive()
    assert "TANGLE-EXIT=0" in shown, shown[-500:]
    assert answered > 2, "the explorer wrote no probes"
    after = shown.split("TANGLE-EXIT=0", 1)[1]
    # `cat -v` would print a late answer as ^[[?62;4;22c.
    assert "^[" not in after and "[?62" not in after, after
